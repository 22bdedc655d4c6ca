// What the three peer starters (temporal-peer, mongodb-peer, moto-peer) share.
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { poll } from './net.js';
import { describeExit, PeerProcess, type ExitInfo } from './proc.js';

export type PeerName = 'temporal' | 'mongodb' | 'moto';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const PEERS_DIR = join(ROOT, '.peers');

export interface PeerExit {
  peer: PeerName;
  info: ExitInfo;
  /** The last lines the peer printed. */
  tail: string[];
}

export interface StartContext {
  /** A directory of this peer's own, for its data. */
  dataDir: string;
  /** Echo the peers' output to stderr (PEERS_ECHO=1). */
  echo: boolean;
  onUnexpectedExit: (exit: PeerExit) => void;
}

export interface StartedPeer<T> {
  value: T;
  /** The one line that names the peer, its version and where it listens. */
  line: string;
  /** Undefined for a peer that was given (e.g. by MONGODB_URI) rather than started. */
  process?: PeerProcess;
}

export class PeerStartError extends Error {
  constructor(
    readonly peer: PeerName,
    reason: string,
    readonly tail: string[] = [],
  ) {
    const shown =
      tail.length > 0 ? `\n  last output of ${peer}:\n${tail.map((l) => `    ${l}`).join('\n')}` : '';
    super(`peer ${peer} failed to start: ${reason}${shown}`);
    this.name = 'PeerStartError';
  }
}

export async function requireExecutable(peer: PeerName, path: string): Promise<void> {
  try {
    await access(path, constants.X_OK);
  } catch {
    throw new PeerStartError(peer, `${path} not found or not executable: run bash scripts/install-peers.sh`);
  }
}

export interface LaunchSpec<T> {
  peer: PeerName;
  command: string;
  args: string[];
  ctx: StartContext;
  timeoutMs: number;
  /** Resolves once the peer serves requests; its value is handed back. */
  probe: () => Promise<T>;
}

/** Spawns a peer and waits until probe succeeds; on failure stops it and throws a PeerStartError. */
export async function launch<T>(spec: LaunchSpec<T>): Promise<{ process: PeerProcess; ready: T }> {
  const proc = PeerProcess.spawn(spec.peer, spec.command, spec.args, {
    echo: spec.ctx.echo,
    cwd: spec.ctx.dataDir,
  });
  let ready: T;
  try {
    ready = await poll(spec.probe, {
      timeoutMs: spec.timeoutMs,
      giveUp: () =>
        proc.exitInfo ? `it exited during start-up (${describeExit(proc.exitInfo)})` : undefined,
    });
  } catch (err) {
    await proc.stop(2000);
    throw new PeerStartError(spec.peer, err instanceof Error ? err.message : String(err), proc.tail());
  }
  proc.onUnexpectedExit((info) => spec.ctx.onUnexpectedExit({ peer: spec.peer, info, tail: proc.tail() }));
  return { process: proc, ready };
}
