// The orphan guard: a tiny process that outlives its parent just long enough to kill the peers'
// process groups if the parent dies without stopping them (even by SIGKILL).
// Protocol on stdin, one line each: "+<pgid>" guard this group, "-<pgid>" stop guarding it,
// "d<path>" remove this directory, "k<path>" keep it after all.
// When stdin ends (the parent is gone, however it went), every guarded group gets SIGTERM,
// then SIGKILL two seconds later, and the directories are removed.
import { rmSync } from 'node:fs';
import { createInterface } from 'node:readline';

const groups = new Set<number>();
const dirs = new Set<string>();

function signalAll(signal: NodeJS.Signals): void {
  for (const pgid of groups) {
    try {
      process.kill(-pgid, signal);
    } catch {
      groups.delete(pgid); // ESRCH: already gone
    }
  }
}

// The guard's own group is separate from its parent's; ignore signals meant for the job as a whole.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => {});
process.on('SIGHUP', () => {});

createInterface({ input: process.stdin })
  .on('line', (line) => {
    const [op, arg] = [line[0], line.slice(1)];
    if (op === 'd') dirs.add(arg);
    else if (op === 'k') dirs.delete(arg);
    const pgid = Number(arg);
    if (!Number.isInteger(pgid) || pgid <= 1) return;
    if (op === '+') groups.add(pgid);
    else if (op === '-') groups.delete(pgid);
  })
  .on('close', () => {
    const finish = (): never => {
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
      process.exit(0);
    };
    if (groups.size === 0) finish();
    signalAll('SIGTERM');
    setTimeout(() => {
      signalAll('SIGKILL');
      finish();
    }, 2000);
  });
