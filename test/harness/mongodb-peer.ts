// MongoDB: MONGODB_URI when given (a real mongod), else FerretDB v1 (SQLite) built by install-peers.sh.
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { freePort, poll } from './net.js';
import {
  launch,
  PEERS_DIR,
  PeerStartError,
  requireExecutable,
  type StartContext,
  type StartedPeer,
} from './peer.js';

export interface MongoPeer {
  uri: string;
  /** "ferretdb" or "mongod": what answers at uri. */
  server: string;
}

interface ServerInfo {
  server: string;
  version: string;
}

async function probe(uri: string): Promise<ServerInfo> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 2000, connectTimeoutMS: 2000 });
  try {
    await client.connect();
    const admin = client.db('admin');
    await admin.command({ ping: 1 });
    const info = await admin.command({ buildInfo: 1 });
    if (typeof info.ferretdbVersion === 'string') {
      return {
        server: 'ferretdb',
        version: `${info.ferretdbVersion.replace(/^v/, '')} (as mongod ${String(info.version)})`,
      };
    }
    return { server: 'mongod', version: String(info.version) };
  } finally {
    await client.close();
  }
}

/** The URI without its password, for printing. */
function redact(uri: string): string {
  return uri.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

export async function startMongo(ctx: StartContext): Promise<StartedPeer<MongoPeer>> {
  const given = process.env.MONGODB_URI;
  if (given) {
    const info = await poll(() => probe(given), { timeoutMs: 15_000 }).catch((err: Error) => {
      throw new PeerStartError('mongodb', `MONGODB_URI=${redact(given)}: ${err.message}`);
    });
    return {
      value: { uri: given, server: info.server },
      line: `peer mongodb ${info.server} ${info.version} at ${redact(given)} (MONGODB_URI)`,
    };
  }

  const bin = join(PEERS_DIR, 'bin/ferretdb-runner');
  await requireExecutable('mongodb', bin);
  const port = await freePort();
  const uri = `mongodb://127.0.0.1:${port}/`;
  const { process: proc, ready } = await launch({
    peer: 'mongodb',
    command: bin,
    args: ['-listen', `127.0.0.1:${port}`, '-data-dir', ctx.dataDir],
    ctx,
    timeoutMs: 30_000,
    probe: () => probe(uri),
  });
  return {
    value: { uri, server: ready.server },
    line: `peer mongodb ${ready.server} ${ready.version} at ${uri}`,
    process: proc,
  };
}
