// AWS: moto in server mode (moto[server] in .peers/venv), or MOTO_ENDPOINT when given.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, poll } from './net.js';
import {
  launch,
  PEERS_DIR,
  PeerStartError,
  requireExecutable,
  type StartContext,
  type StartedPeer,
} from './peer.js';

export interface MotoPeer {
  endpoint: string;
}

async function probe(endpoint: string): Promise<void> {
  const res = await fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(2000) });
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`GET /moto-api/ answered ${res.status}`);
}

async function motoVersion(python: string): Promise<string> {
  const { stdout } = await promisify(execFile)(python, [
    '-c',
    'import importlib.metadata as m; print(m.version("moto"))',
  ]);
  return stdout.trim();
}

export async function startMoto(ctx: StartContext): Promise<StartedPeer<MotoPeer>> {
  const given = process.env.MOTO_ENDPOINT?.replace(/\/+$/, '');
  if (given) {
    await poll(() => probe(given), { timeoutMs: 15_000 }).catch((err: Error) => {
      throw new PeerStartError('moto', `MOTO_ENDPOINT=${given}: ${err.message}`);
    });
    return { value: { endpoint: given }, line: `peer moto (version unknown) at ${given} (MOTO_ENDPOINT)` };
  }

  const server = join(PEERS_DIR, 'venv/bin/moto_server');
  const python = join(PEERS_DIR, 'venv/bin/python');
  await requireExecutable('moto', server);
  const [port, version] = await Promise.all([freePort(), motoVersion(python)]);
  const endpoint = `http://127.0.0.1:${port}`;
  const { process: proc } = await launch({
    peer: 'moto',
    command: server,
    args: ['-H', '127.0.0.1', '-p', String(port)],
    ctx,
    timeoutMs: 30_000,
    probe: () => probe(endpoint),
  });
  return { value: { endpoint }, line: `peer moto ${version} at ${endpoint}`, process: proc };
}
