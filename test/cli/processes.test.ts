import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { MongoClient } from 'mongodb';
import { resetMoto, seedRegion } from '../harness/aws-seed.js';
import { cliEnv, REPO_DIR, runCli, startCli, transcript, type CliResult } from '../harness/cli.js';
import { seedMaestroAwsConnection } from '../harness/connections.js';
import { testConfig } from '../harness/crawl-env.js';
import { freePort } from '../harness/net.js';
import type { Config } from '../../config/index.js';

// The production processes: `discovery api` and `discovery worker` (two at once), each started as a
// user would, used, and stopped by SIGTERM; and `npm run worker` (worker/main.ts), which shares runWorker.
void describe('discovery api / worker', () => {
  let config: Config;
  let mongo: MongoClient;

  before(async () => {
    config = testConfig('cli-procs', {
      MAESTRO_PORT: String(await freePort()),
      DISCOVERY_API_HOST: '127.0.0.1',
      DISCOVERY_SHUTDOWN_GRACE_SECONDS: '5',
    });
    mongo = new MongoClient(config.mongoUri);
  });
  after(async () => {
    await mongo
      .db(config.mongoDatabase)
      .dropDatabase()
      .catch(() => undefined);
    await mongo.close();
  });

  void test('api: listens on MAESTRO_PORT, answers, stops on SIGTERM', async () => {
    const api = startCli(['api'], config);
    const url = (await api.waitFor(/^discovery api: listening on (http:\S+)/, 90_000))[1]!;
    assert.equal(url, `http://127.0.0.1:${config.port}`);
    const health = await fetch(`${url}/health`);
    assert.equal(health.status, 200);
    api.child.kill('SIGTERM');
    const end = await api.exited;
    assert.equal(end.code, 0, transcript(end));
    assert.match(end.stdout, /discovery api: SIGTERM; stopping\ndiscovery api: stopped/);
    await assert.rejects(fetch(`${url}/health`), 'nothing listens any more');
  });

  void test('two workers share the crawls; both stop gracefully on SIGTERM', async () => {
    await resetMoto(config.providers.aws.endpoint);
    await seedRegion(config.providers.aws.endpoint, 'us-east-1', 0, 2);
    await seedRegion(config.providers.aws.endpoint, 'eu-west-1', 0, 3);
    const id = await seedMaestroAwsConnection(mongo.db(config.mongoDatabase), {
      regions: ['us-east-1 (N. Virginia)', 'eu-west-1 (Ireland)'],
      secretJwt: config.secretJwt,
    });
    const workers = [startCli(['worker'], config), startCli(['worker'], config)];
    for (const w of workers)
      await w.waitFor(
        new RegExp(`^discovery worker: task queue "${config.taskQueue}" on ${config.temporalAddress}`),
        90_000,
      );
    const r = await runCli(['crawl', id, '--task', 'volumes-list', '--wait', '--json'], config);
    assert.equal(r.code, 0, transcript(r));
    const out = JSON.parse(r.stdout) as { status: string; crawls: Array<{ totals: { created: number } }> };
    assert.equal(out.status, 'completed');
    assert.equal(out.crawls[0]?.totals.created, 5);
    for (const w of workers) w.child.kill('SIGTERM');
    for (const w of workers) {
      const end = await w.exited;
      assert.equal(end.code, 0, transcript(end));
      assert.match(end.stdout, /discovery worker: stopped/);
    }
  });

  void test('npm run worker (tsx worker/main.ts) runs the same worker', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'worker/main.ts'], {
      cwd: REPO_DIR,
      env: cliEnv(config),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const started = new Promise<void>((resolve) =>
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        if (stdout.includes('discovery worker: task queue')) resolve();
      }),
    );
    const exited = new Promise<CliResult>((resolve) =>
      child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
    );
    await Promise.race([started, exited.then((e) => assert.fail(transcript(e)))]);
    child.kill('SIGTERM');
    const end = await exited;
    assert.equal(end.code, 0, transcript(end));
    assert.match(end.stdout, /discovery worker: stopped/);
  });
});
