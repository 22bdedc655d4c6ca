import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { MongoClient } from 'mongodb';

/**
 * What `discovery dev` borrows from the peers `npm run demo` and the tests install into `.peers/`
 * (scripts/install-peers.sh): the Temporal CLI when none is on PATH, and the embedded MongoDB-wire
 * server (FerretDB with SQLite, `.peers/bin/ferretdb-runner`) when MONGODB_URI is not set.
 */
export const REPO_DIR = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const PEERS_DIR = join(REPO_DIR, '.peers');
export const PEER_TEMPORAL = join(PEERS_DIR, 'venv/bin/temporal');
export const PEER_FERRETDB = join(PEERS_DIR, 'bin/ferretdb-runner');
export const DEFAULT_DATA_DIR = join(PEERS_DIR, 'dev-data');

export function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** `name` looked up on PATH, as a shell would. */
export function onPath(name: string, path = process.env.PATH ?? ''): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/** Runs scripts/install-peers.sh (as `npm run demo` does), its progress on our stderr. */
export function installPeers(print: (line: string) => void): void {
  print(
    'discovery dev: installing the peers into .peers/ (scripts/install-peers.sh; the first time takes minutes)',
  );
  const r = spawnSync('bash', [join(REPO_DIR, 'scripts/install-peers.sh')], {
    cwd: REPO_DIR,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (r.status !== 0)
    throw new Error(`scripts/install-peers.sh failed (exit ${r.status ?? r.signal}); see its output above`);
}

function portFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolvePort) => {
    const srv = createServer();
    srv.once('error', () => resolvePort(false));
    srv.listen(port, host, () => srv.close(() => resolvePort(true)));
  });
}

async function anyPort(host: string): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, host, () => {
      const addr = srv.address();
      srv.close(() =>
        typeof addr === 'object' && addr ? resolvePort(addr.port) : reject(new Error('no port')),
      );
    });
  });
}

export interface EmbeddedMongo {
  uri: string;
  dataDir: string;
  exited: Promise<string>;
  stop(): Promise<void>;
  killNow(): void;
}

/**
 * Starts the FerretDB runner on 127.0.0.1 (port 27017 when free, else any free port), its SQLite files
 * in `dataDir`, kept between runs. Resolves once it answers a ping.
 */
export async function startEmbeddedMongo(dataDir: string, timeoutMs = 30_000): Promise<EmbeddedMongo> {
  mkdirSync(dataDir, { recursive: true });
  const host = '127.0.0.1';
  const port = (await portFree(27017, host)) ? 27017 : await anyPort(host);
  const child: ChildProcess = spawn(PEER_FERRETDB, ['-listen', `${host}:${port}`, '-data-dir', dataDir], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tail: string[] = [];
  for (const s of [child.stdout!, child.stderr!])
    createInterface({ input: s }).on('line', (l) => {
      tail.push(l);
      if (tail.length > 15) tail.shift();
    });
  let ended: string | undefined;
  const exited = new Promise<string>((done) => {
    child.once('error', (err) => done((ended ??= `could not be started: ${err.message}`)));
    child.once('close', (code, signal) =>
      done((ended ??= signal ? `killed by ${signal}` : `exit code ${code}`)),
    );
  });
  const signal = (sig: NodeJS.Signals): void => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, sig);
    } catch {
      // gone already
    }
  };
  const mongo: EmbeddedMongo = {
    uri: `mongodb://${host}:${port}/`,
    dataDir,
    exited,
    async stop() {
      if (ended === undefined) signal('SIGTERM');
      const timer = setTimeout(() => signal('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
    killNow: () => signal('SIGKILL'),
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (ended !== undefined)
      throw new Error(`the embedded MongoDB-wire server (${PEER_FERRETDB}) ${ended}\n${tail.join('\n')}`);
    const client = new MongoClient(mongo.uri, { serverSelectionTimeoutMS: 1000, connectTimeoutMS: 1000 });
    try {
      await client.db('admin').command({ ping: 1 });
      return mongo;
    } catch {
      // not up yet
    } finally {
      await client.close();
    }
    if (Date.now() > deadline) {
      await mongo.stop();
      throw new Error(
        `the embedded MongoDB-wire server did not answer at ${mongo.uri} in time\n${tail.join('\n')}`,
      );
    }
    await sleep(250);
  }
}
