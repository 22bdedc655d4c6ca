// A peer process (or the command run beside the peers): spawned in its own process group, its output kept as a short tail for error
// messages, stopped as a group (SIGTERM, then SIGKILL), and never left behind as an orphan.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { guardGroup, releaseGroup } from './orphan-guard-client.js';

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the process could not be spawned at all (e.g. ENOENT). */
  error?: string;
}

export interface SpawnOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Also write each output line, prefixed with the peer's name, to stderr. */
  echo?: boolean;
  /** Share our stdout and stderr instead of collecting a tail (stdin is never passed on). */
  inheritOutput?: boolean;
}

const TAIL_LINES = 40;
const live = new Set<PeerProcess>();

export function describeExit(info: ExitInfo): string {
  if (info.error) return `failed to spawn: ${info.error}`;
  if (info.signal) return `killed by ${info.signal}`;
  return `exit code ${String(info.code)}`;
}

export class PeerProcess {
  readonly exited: Promise<ExitInfo>;
  private info: ExitInfo | undefined;
  private stopping = false;
  private readonly lines: string[] = [];
  private readonly exitListeners: ((info: ExitInfo) => void)[] = [];

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
    echo: boolean,
  ) {
    for (const stream of [child.stdout, child.stderr]) if (stream) this.collect(stream, echo);
    this.exited = new Promise((resolve) => {
      const finish = (info: ExitInfo): void => {
        if (this.info) return;
        this.info = info;
        live.delete(this);
        if (child.pid !== undefined) releaseGroup(child.pid);
        if (!this.stopping) for (const listener of this.exitListeners) listener(info);
        resolve(info);
      };
      // 'close' (not 'exit'): by then the output pipes are drained, so tail() has the last words.
      child.once('close', (code, signal) => finish({ code, signal }));
      child.once('error', (err) => finish({ code: null, signal: null, error: err.message }));
    });
  }

  static spawn(name: string, command: string, args: readonly string[], opts: SpawnOptions = {}): PeerProcess {
    // detached: the peer leads its own process group, so a terminal's Ctrl-C does not reach it
    // directly and stop() can signal everything it started.
    const child = spawn(command, args, {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      detached: true,
      stdio: opts.inheritOutput ? ['ignore', 'inherit', 'inherit'] : ['ignore', 'pipe', 'pipe'],
    });
    const peer = new PeerProcess(name, child, opts.echo ?? false);
    if (child.pid !== undefined) {
      live.add(peer);
      guardGroup(child.pid);
    }
    return peer;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** How the process ended, or undefined while it runs. */
  get exitInfo(): ExitInfo | undefined {
    return this.info;
  }

  /** The last lines of its stdout and stderr, interleaved. */
  tail(): string[] {
    return [...this.lines];
  }

  /** Called when the process ends without stop() having been called. */
  onUnexpectedExit(listener: (info: ExitInfo) => void): void {
    this.exitListeners.push(listener);
  }

  /** SIGTERM to the whole group, SIGKILL after graceMs. */
  async stop(graceMs = 5000): Promise<void> {
    this.stopping = true;
    if (this.info) return;
    this.signalGroup('SIGTERM');
    const timer = setTimeout(() => this.signalGroup('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
    // The leader is gone; make sure nothing it started lingers in the group.
    this.signalGroup('SIGKILL');
  }

  /** Synchronous last resort, for process 'exit' handlers. */
  killNow(): void {
    this.stopping = true;
    this.signalGroup('SIGKILL');
  }

  /** Sends signal to the whole process group. */
  signalGroup(signal: NodeJS.Signals): void {
    if (this.child.pid === undefined) return;
    try {
      process.kill(-this.child.pid, signal);
    } catch {
      // ESRCH: the group is already gone.
    }
  }

  private collect(stream: Readable, echo: boolean): void {
    createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
      this.lines.push(line);
      if (this.lines.length > TAIL_LINES) this.lines.shift();
      if (echo) process.stderr.write(`[${this.name}] ${line}\n`);
    });
  }
}

/** Every peer process still running, e.g. for an exit handler. */
export function livePeerProcesses(): PeerProcess[] {
  return [...live];
}
