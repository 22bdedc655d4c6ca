// The benchmark's child processes and the messages they exchange with bench/run.ts over Node's IPC
// channel. Each contender runs in a child of its own, so that its peak RSS is its own.
import { fork, type ChildProcess } from 'node:child_process';
import type { ProcStats } from './meter.js';

export interface WorkerStart {
  type: 'start';
  /** Configuration variables (core/config.ts) of the worker. */
  env: Record<string, string>;
  /** JSON file holding the workflow bundle ({ code, sourceMap }), built once by the driver. */
  bundlePath: string;
  apiUrl: string;
}

export type ToWorker = WorkerStart | { type: 'reset' } | { type: 'report' } | { type: 'stop' };

export interface RawRun {
  type: 'run';
  mongoUri: string;
  database: string;
  apiUrl: string;
  connectionId: string;
  region: string;
  n: number;
  pageSize: number;
  batchSize: number;
  /** `upsert`: updateOne by `_id`, upsert: true (the baseline); `insert`: insertOne (reference). */
  writes: 'upsert' | 'insert';
}

export type ToRaw = RawRun | { type: 'stop' };

export interface RawDone {
  type: 'done';
  seconds: number;
  pages: number;
  written: number;
  stats: ProcStats;
}

export type FromChild =
  | { type: 'ready'; stats: ProcStats }
  | { type: 'reset-ok' }
  | { type: 'report'; stats: ProcStats }
  | RawDone
  | { type: 'error'; message: string };

/** Driver side: a forked child (`node --import tsx <script>`) answering one message at a time. */
export class Child {
  private readonly proc: ChildProcess;
  private waiter: { resolve: (m: FromChild) => void; reject: (e: Error) => void } | undefined;
  private exitError: Error | undefined;
  readonly exited: Promise<void>;

  /** `script` is TypeScript run through tsx, unless `compiled` (JavaScript built by scripts/build-cli.ts). */
  constructor(
    readonly name: string,
    script: string,
    execArgv: string[] = [],
    compiled = false,
  ) {
    this.proc = fork(script, [], {
      execArgv: [...(compiled ? [] : ['--import', 'tsx']), ...execArgv],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.proc.on('message', (m: FromChild) => {
      const w = this.waiter;
      this.waiter = undefined;
      if (!w) return;
      if (m.type === 'error') w.reject(new Error(`${this.name}: ${m.message}`));
      else w.resolve(m);
    });
    this.exited = new Promise((resolve) => {
      this.proc.once('exit', (code, signal) => {
        this.exitError = new Error(`${this.name} process exited (${signal ?? `code ${code}`})`);
        this.waiter?.reject(this.exitError);
        this.waiter = undefined;
        resolve();
      });
    });
  }

  get pid(): number | undefined {
    return this.proc.pid;
  }

  /** Sends a message and waits for the answer of the expected type. */
  async request<T extends FromChild['type']>(
    msg: ToWorker | ToRaw,
    expect: T,
  ): Promise<Extract<FromChild, { type: T }>> {
    if (this.exitError) throw this.exitError;
    if (this.waiter) throw new Error(`${this.name}: a request is already pending`);
    const answer = new Promise<FromChild>((resolve, reject) => (this.waiter = { resolve, reject }));
    this.proc.send(msg);
    const m = await answer;
    if (m.type !== expect) throw new Error(`${this.name}: expected "${expect}", got "${m.type}"`);
    return m as Extract<FromChild, { type: T }>;
  }

  /** Asks the child to stop; kills it if it has not exited within graceMs. */
  async stop(graceMs = 15_000): Promise<void> {
    if (this.exitError) return;
    try {
      this.proc.send({ type: 'stop' } satisfies ToWorker);
    } catch {
      // the channel is already closed
    }
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}

/** Child side: answers the driver; exits when the driver goes away (its IPC channel closes). */
export function childChannel<M>(onMessage: (m: M) => Promise<FromChild | undefined>): void {
  if (!process.send) {
    process.stderr.write('this script is a child of bench/run.ts (it needs an IPC channel)\n');
    process.exit(2);
  }
  process.on('disconnect', () => process.exit(1));
  process.on('message', (m: M) => {
    onMessage(m).then(
      (answer) => {
        if (answer) process.send?.(answer);
      },
      (err: unknown) =>
        process.send?.({
          type: 'error',
          message: err instanceof Error ? (err.stack ?? err.message) : String(err),
        }),
    );
  });
}
