// Parent side of the orphan guard (see orphan-guard.ts): started on first use, one per process.
import { spawn, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import { fileURLToPath } from 'node:url';

let guard: ChildProcess | undefined;

function send(line: string): void {
  if (!guard) {
    const script = fileURLToPath(new URL('./orphan-guard.ts', import.meta.url));
    guard = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), script], {
      detached: true,
      stdio: ['pipe', 'ignore', 'inherit'],
    });
    guard.on('error', (err) => process.stderr.write(`peers: orphan guard failed to start: ${err.message}\n`));
    guard.stdin?.on('error', () => {}); // the guard died: nothing more to tell it
    // Neither the guard nor its pipe keeps this process alive; the pipe closes when we exit.
    guard.unref();
    (guard.stdin as Socket | null)?.unref();
  }
  guard.stdin?.write(`${line}\n`);
}

/** The guard kills this process group if we die without releasing it. */
export function guardGroup(pgid: number): void {
  send(`+${pgid}`);
}

export function releaseGroup(pgid: number): void {
  if (guard) send(`-${pgid}`);
}

/** The guard removes this directory if we die without releasing it. */
export function guardDir(path: string): void {
  send(`d${path}`);
}

export function releaseDir(path: string): void {
  if (guard) send(`k${path}`);
}
