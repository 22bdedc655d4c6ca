// The API process (`npm run api` = tsx api/main.ts): refuses a bad configuration listing every bad
// variable, serves on MAESTRO_PORT, and on SIGTERM closes (app.close: in-flight requests finish) and exits 0.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { privateToken } from '../harness/api.js';
import { testConfig } from '../harness/crawl-env.js';
import { freePort, poll } from '../harness/net.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function startProcess(env: Record<string, string>): { child: ChildProcess; output: () => string } {
  let out = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'api/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  return { child, output: () => out };
}

void describe('api process', () => {
  const children: ChildProcess[] = [];
  after(() => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  });

  void test('a bad configuration exits 2 naming every bad variable', async () => {
    const { child, output } = startProcess({ MAESTRO_PORT: 'x', LOG_LEVEL: 'loud' });
    children.push(child);
    const [code] = (await once(child, 'exit')) as [number];
    assert.equal(code, 2);
    assert.match(output(), /MAESTRO_PORT/);
    assert.match(output(), /LOG_LEVEL/);
  });

  void test('serves on MAESTRO_PORT; SIGTERM closes it and exits 0', async () => {
    const config = testConfig('api-process');
    const port = await freePort();
    const { child, output } = startProcess({
      MONGODB_URI: config.mongoUri,
      MAESTRO_MONGO_DATABASE: config.mongoDatabase,
      TEMPORAL_ADDRESS: config.temporalAddress,
      DISCOVERY_API_HOST: '127.0.0.1',
      MAESTRO_PORT: String(port),
      LOG_LEVEL: 'warn',
    });
    children.push(child);
    const base = `http://127.0.0.1:${port}`;
    await poll(
      async () => {
        const res = await fetch(`${base}/health`);
        if (res.status !== 200) throw new Error(`status ${res.status}`);
      },
      { timeoutMs: 30_000, giveUp: () => (child.exitCode !== null ? `exited: ${output()}` : undefined) },
    );
    const ready = await fetch(`${base}/ready`, { headers: { connection: 'close' } });
    assert.equal(ready.status, 200);

    const info = await fetch(`${base}/available/info`, {
      headers: { authorization: `JWT ${await privateToken(config)}`, connection: 'close' },
    });
    assert.equal(info.status, 200);
    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number];
    assert.equal(code, 0, output());
    assert.match(output(), /SIGTERM, shutting down/);
    await assert.rejects(fetch(`${base}/health`), 'the port is closed');
  });
});
