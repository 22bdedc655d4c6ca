import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { MongoClient } from 'mongodb';
import { resetMoto, seedRegion } from '../harness/aws-seed.js';
import { REPO_DIR, runCli, startCli, transcript, type RunningCli } from '../harness/cli.js';
import { seedMaestroAwsConnection } from '../harness/connections.js';
import { testConfig } from '../harness/crawl-env.js';
import { freePort } from '../harness/net.js';
import type { Config } from '../../config/index.js';

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

// `discovery dev`: its own Temporal dev server, a worker and the API in one command; the printed
// addresses answer, a crawl runs through it, and SIGTERM stops all three.
void describe('discovery dev', () => {
  let config: Config;
  let dev: RunningCli;
  let ports: { temporal: number; ui: number; api: number };

  before(async () => {
    ports = { temporal: await freePort(), ui: await freePort(), api: await freePort() };
    config = testConfig('cli-dev', {
      TEMPORAL_ADDRESS: `127.0.0.1:${ports.temporal}`,
      TEMPORAL_CLI_PATH: join(REPO_DIR, '.peers/venv/bin/temporal'),
      MAESTRO_PORT: String(ports.api),
      DISCOVERY_API_HOST: '127.0.0.1',
      DISCOVERY_SHUTDOWN_GRACE_SECONDS: '5',
    });
    dev = startCli(['dev', '--ui-port', String(ports.ui)], config);
  });
  after(async () => {
    if (dev.child.exitCode === null) dev.child.kill('SIGKILL');
    const client = new MongoClient(config.mongoUri);
    await client
      .db(config.mongoDatabase)
      .dropDatabase()
      .catch(() => undefined);
    await client.close();
  });

  void test('prints the API and Web UI addresses, which answer', async () => {
    await dev.waitFor(/^discovery dev: ready/, 180_000);
    const api = (await dev.waitFor(/^discovery dev: API +(http:\S+)/))[1]!;
    const ui = (await dev.waitFor(/^discovery dev: Web UI +(http:\S+)/))[1]!;
    assert.equal(api, `http://127.0.0.1:${ports.api}`);
    assert.equal(ui, `http://127.0.0.1:${ports.ui}`);
    assert.equal((await fetch(`${api}/health`)).status, 200);
    assert.equal((await fetch(ui)).status, 200);
  });

  void test('its worker crawls: `discovery crawl --wait` against it completes', async () => {
    await resetMoto(config.providers.aws.endpoint);
    await seedRegion(config.providers.aws.endpoint, 'us-east-1', 0, 2);
    const client = new MongoClient(config.mongoUri);
    let id: string;
    try {
      id = await seedMaestroAwsConnection(client.db(config.mongoDatabase), {
        regions: ['us-east-1 (N. Virginia)'],
        secretJwt: config.secretJwt,
      });
    } finally {
      await client.close();
    }
    const r = await runCli(['crawl', id, '--task', 'volumes-list', '--wait', '--json'], config);
    assert.equal(r.code, 0, transcript(r));
    const out = JSON.parse(r.stdout) as { status: string; crawls: Array<{ totals: { created: number } }> };
    assert.equal(out.status, 'completed');
    assert.equal(out.crawls[0]?.totals.created, 2);
  });

  void test('SIGTERM stops the API, the worker and the Temporal server', async () => {
    dev.child.kill('SIGTERM');
    const end = await dev.exited;
    assert.equal(end.code, 0, transcript(end));
    assert.match(end.stdout, /discovery dev: SIGTERM; stopping/);
    assert.match(end.stdout, /discovery worker: stopped/);
    assert.match(end.stdout, /discovery dev: stopped/);
    for (const [name, port] of Object.entries(ports))
      assert.equal(await listening(port), false, `${name} port ${port} still listening`);
  });

  void test('a Temporal CLI that is not there is named (exit 1)', async () => {
    const r = await runCli(['dev'], config, { env: { TEMPORAL_CLI_PATH: '/nonexistent/temporal' } });
    assert.equal(r.code, 1, transcript(r));
    assert.match(
      r.stderr,
      /the Temporal dev server could not be started: spawn \/nonexistent\/temporal ENOENT \(TEMPORAL_CLI_PATH=/,
    );
  });
});
