// Starts the real test peers (architecture §8): Temporal dev server, a MongoDB-wire server, moto.
// Each is taken from the environment when given there (TEMPORAL_ADDRESS, MONGODB_URI, MOTO_ENDPOINT),
// else spawned from what scripts/install-peers.sh put in .peers/.
import { rmSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMongo } from './mongodb-peer.js';
import { startMoto } from './moto-peer.js';
import type { PeerExit, PeerName, StartContext } from './peer.js';
import { guardDir, releaseDir } from './orphan-guard-client.js';
import { livePeerProcesses, type PeerProcess } from './proc.js';
import { startTemporal } from './temporal-peer.js';

export { PeerStartError, type PeerExit, type PeerName } from './peer.js';
export { describeExit } from './proc.js';

export interface Peers {
  temporalAddress: string;
  temporalNamespace: string;
  temporalUiUrl?: string;
  mongoUri: string;
  /** "ferretdb" or "mongod". */
  mongoServer: string;
  motoEndpoint: string;
  stop(): Promise<void>;
}

export interface PeersOptions {
  /** Where the peers keep their data; kept afterwards. Default: a temporary directory, removed by stop(). */
  dataDir?: string;
  /** Receives the "peer ..." lines. Default: stdout. */
  log?: (line: string) => void;
  /** Called when a peer exits before stop(). */
  onPeerExit?: (exit: PeerExit) => void;
  /** Stop the peers and exit on SIGINT/SIGTERM (default true). Pass false to handle signals yourself. */
  handleSignals?: boolean;
}

/** Temporary data directories to remove should the process exit without stop(). */
const tempDirs = new Set<string>();
let exitHandlerInstalled = false;

function installExitHandler(): void {
  if (exitHandlerInstalled) return;
  exitHandlerInstalled = true;
  process.on('exit', () => {
    for (const proc of livePeerProcesses()) proc.killNow();
    for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  });
}

export async function startPeers(opts: PeersOptions = {}): Promise<Peers> {
  installExitHandler();
  const log = opts.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const dataDir = opts.dataDir ?? (await mkdtemp(join(tmpdir(), 'discovery-peers-')));
  if (opts.dataDir) await mkdir(dataDir, { recursive: true });
  else {
    tempDirs.add(dataDir);
    guardDir(dataDir);
  }

  let stopping = false;
  const context = async (peer: PeerName): Promise<StartContext> => {
    const dir = join(dataDir, peer);
    await mkdir(dir, { recursive: true });
    return {
      dataDir: dir,
      echo: process.env.PEERS_ECHO === '1',
      onUnexpectedExit: (exit) => {
        if (!stopping) opts.onPeerExit?.(exit);
      },
    };
  };

  // In parallel: together they start in about the time Temporal alone takes.
  const results = await Promise.allSettled([
    context('temporal').then(startTemporal),
    context('mongodb').then(startMongo),
    context('moto').then(startMoto),
  ]);
  const processes = results.flatMap((r): PeerProcess[] =>
    r.status === 'fulfilled' && r.value.process ? [r.value.process] : [],
  );

  const removeSignalHandlers = opts.handleSignals === false ? () => {} : installSignalHandlers(() => stop());
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    removeSignalHandlers();
    await Promise.all(processes.map((p) => p.stop()));
    if (tempDirs.delete(dataDir)) {
      await rm(dataDir, { recursive: true, force: true });
      releaseDir(dataDir);
    }
  };

  const [temporal, mongo, moto] = results;
  if (temporal.status === 'fulfilled' && mongo.status === 'fulfilled' && moto.status === 'fulfilled') {
    for (const s of [temporal.value, mongo.value, moto.value]) log(s.line);
    return {
      temporalAddress: temporal.value.value.address,
      temporalNamespace: temporal.value.value.namespace,
      temporalUiUrl: temporal.value.value.uiUrl,
      mongoUri: mongo.value.value.uri,
      mongoServer: mongo.value.value.server,
      motoEndpoint: moto.value.value.endpoint,
      stop,
    };
  }
  await stop();
  const failures = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
  throw failures.length === 1 && failures[0] instanceof Error
    ? failures[0]
    : new Error(failures.map(errorText).join('\n'));
}

function errorText(reason: unknown): string {
  return reason instanceof Error ? reason.message : String(reason);
}

/** On SIGINT/SIGTERM: stop the peers, then exit as the signal would have. Returns the remover. */
function installSignalHandlers(stop: () => Promise<void>): () => void {
  const handlers = new Map<NodeJS.Signals, () => void>();
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    const handler = (): void => {
      process.stderr.write(`peers: ${signal}: stopping the peers\n`);
      void stop().finally(() => process.exit(code));
    };
    handlers.set(signal, handler);
    process.once(signal, handler);
  }
  return () => {
    for (const [signal, handler] of handlers) process.off(signal, handler);
  };
}
