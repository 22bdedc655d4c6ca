// Stoplight Prism as a test peer: `prism mock <spec> --errors` answers every request from the spec's
// examples and refuses (401/422) any request the spec does not allow — an independent check of what a
// provider client sends. Installed on first use by scripts/install-peer-prism.sh into .peers/prism
// (stamped, so later runs only check the stamp); started by the tests that need it, one per file.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { request } from 'undici';
import { freePort, poll } from '../../test/harness/net.js';
import { PeerProcess } from '../../test/harness/proc.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const INSTALLER = `${ROOT}scripts/install-peer-prism.sh`;
export const PRISM_BIN = `${ROOT}.peers/prism/node_modules/.bin/prism`;

let installing: Promise<void> | undefined;

/** Runs the installer once per process (a no-op when .peers/prism is stamped current). */
export function installPrism(): Promise<void> {
  installing ??= promisify(execFile)('bash', [INSTALLER], { timeout: 300_000 }).then(() => {
    if (!existsSync(PRISM_BIN)) throw new Error(`${INSTALLER} left no ${PRISM_BIN}`);
  });
  return installing;
}

export interface PrismPeer {
  url: string;
  stop(): Promise<void>;
}

export async function startPrism(specPath: string): Promise<PrismPeer> {
  await installPrism();
  const port = await freePort();
  const proc = PeerProcess.spawn('prism', PRISM_BIN, [
    'mock',
    specPath,
    '--host',
    '127.0.0.1',
    '--port',
    String(port),
    '--errors',
  ]);
  const url = `http://127.0.0.1:${port}`;
  let exited: string | undefined;
  void proc.exited.then(() => (exited = `prism exited: ${proc.tail().slice(-10).join('\n')}`));
  try {
    await poll(
      async () => {
        const res = await request(`${url}/__prism_probe__`);
        await res.body.dump();
      },
      { timeoutMs: 60_000, intervalMs: 300, giveUp: () => exited },
    );
  } catch (err) {
    await proc.stop();
    throw err;
  }
  return { url, stop: () => proc.stop() };
}
