import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { Connection } from '@temporalio/client';

/**
 * A local Temporal dev server (`temporal server start-dev`), as `discovery dev` runs it. It leads its
 * own process group, so a terminal's Ctrl-C reaches `discovery dev` only, which stops the API and the
 * worker first and the server last; `stop()` signals the whole group.
 */
export interface DevServerOptions {
  /** The `temporal` CLI (TEMPORAL_CLI_PATH; `temporal` is looked up on PATH). */
  cliPath: string;
  host: string;
  port: number;
  uiPort: number;
  namespace: string;
  /** Keep workflow histories in this SQLite file (default: in memory, gone on stop). */
  dbFile?: string;
  readyTimeoutMs?: number;
}

export interface DevServer {
  address: string;
  uiUrl: string;
  pid: number | undefined;
  /** Resolves when the server process ends, with how it ended. */
  exited: Promise<string>;
  stop(graceMs?: number): Promise<void>;
  /** Synchronous last resort, for a process 'exit' handler. */
  killNow(): void;
}

const TAIL = 20;

export async function startDevServer(opts: DevServerOptions): Promise<DevServer> {
  const args = [
    'server',
    'start-dev',
    '--ip',
    opts.host,
    '--port',
    String(opts.port),
    '--ui-port',
    String(opts.uiPort),
    // `default` always exists; any other namespace is created at start.
    ...(opts.namespace === 'default' ? [] : ['--namespace', opts.namespace]),
    '--log-level',
    'error',
    ...(opts.dbFile ? ['--db-filename', opts.dbFile] : []),
  ];
  const child = spawn(opts.cliPath, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const tail: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
      tail.push(line);
      if (tail.length > TAIL) tail.shift();
    });
  }
  let ended: string | undefined;
  const exited = new Promise<string>((resolve) => {
    // The first word wins: a spawn failure ('error') is followed by a 'close' with a negative code.
    const end = (how: string): void => resolve((ended ??= how));
    child.once('error', (err) => end(`could not be started: ${err.message}`));
    child.once('close', (code, signal) => end(signal ? `killed by ${signal}` : `exit code ${code}`));
  });
  const address = `${opts.host}:${opts.port}`;
  const server: DevServer = {
    address,
    uiUrl: `http://${opts.host}:${opts.uiPort}`,
    pid: child.pid,
    exited,
    stop: (graceMs = 10_000) => stopGroup(child, exited, graceMs),
    killNow: () => signalGroup(child, 'SIGKILL'),
  };
  const deadline = Date.now() + (opts.readyTimeoutMs ?? 60_000);
  let last = '';
  for (;;) {
    if (ended !== undefined) {
      const hint = ended.startsWith('could not')
        ? ` (TEMPORAL_CLI_PATH=${opts.cliPath}: install the Temporal CLI or point TEMPORAL_CLI_PATH at it)`
        : '';
      throw new Error(`the Temporal dev server ${ended}${hint}${formatTail(tail)}`);
    }
    try {
      await probe(address, opts.namespace);
      return server;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    if (Date.now() > deadline) {
      await server.stop();
      throw new Error(
        `the Temporal dev server did not answer at ${address} in time (${last})${formatTail(tail)}`,
      );
    }
    await sleep(250);
  }
}

async function probe(address: string, namespace: string): Promise<void> {
  const connection = await Connection.connect({ address, connectTimeout: '2s' });
  try {
    await connection.workflowService.describeNamespace({ namespace });
  } finally {
    await connection.close();
  }
}

function signalGroup(child: ChildProcess, sig: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, sig);
  } catch {
    // ESRCH: the group is gone already.
  }
}

async function stopGroup(child: ChildProcess, exited: Promise<string>, graceMs: number): Promise<void> {
  const signal = (sig: NodeJS.Signals): void => signalGroup(child, sig);
  if (child.exitCode === null && child.signalCode === null) signal('SIGTERM');
  const timer = setTimeout(() => signal('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
  signal('SIGKILL');
}

function formatTail(tail: string[]): string {
  return tail.length > 0 ? `\n  last output:\n${tail.map((l) => `    ${l}`).join('\n')}` : '';
}
