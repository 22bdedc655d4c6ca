// The production processes as an operator runs them (issue #16 items 1 and 4): the workflow bundle
// built ahead of time by the script the image's build stage runs, a `discovery worker` that starts
// from it without webpack, its metrics port (Discovery's and the Temporal SDK's metrics, /health,
// /ready), and the API's /metrics.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { MongoClient } from 'mongodb';
import { resetMoto, seedRegion } from '../harness/aws-seed.js';
import { REPO_DIR, runCli, startCli, transcript } from '../harness/cli.js';
import { seedMaestroAwsConnection } from '../harness/connections.js';
import { testConfig } from '../harness/crawl-env.js';
import { freePort } from '../harness/net.js';
import type { Config } from '../../config/index.js';

const run = promisify(execFile);

function metric(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!(line.startsWith(name + '{') || line.startsWith(name + ' '))) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`)))
      return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

/** What webpack prints when a worker bundles at start (its report), in any form. */
const WEBPACK_REPORT =
  /webpack|asset workflow-bundle|modules by path|compiled successfully|Workflow bundle created/i;

void describe('production processes: prebuilt bundle, worker and API metrics', () => {
  let config: Config;
  let mongo: MongoClient;
  let dir: string;
  let bundle: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'discovery-bundle-'));
    bundle = join(dir, 'workflow-bundle.js');
    config = testConfig('prod', {
      MAESTRO_PORT: String(await freePort()),
      DISCOVERY_API_HOST: '127.0.0.1',
      DISCOVERY_SHUTDOWN_GRACE_SECONDS: '5',
      DISCOVERY_WORKER_METRICS_PORT: String(await freePort()),
      DISCOVERY_WORKER_METRICS_HOST: '127.0.0.1',
      DISCOVERY_WORKFLOW_BUNDLE: bundle,
      LOG_LEVEL: 'info',
    });
    mongo = new MongoClient(config.mongoUri);
  });
  after(async () => {
    await mongo
      .db(config.mongoDatabase)
      .dropDatabase()
      .catch(() => undefined);
    await mongo.close();
    rmSync(dir, { recursive: true, force: true });
  });

  void test('the bundle script writes a bundle; a worker starts from it, crawls, serves /metrics', async () => {
    const built = await run(
      process.execPath,
      ['--import', 'tsx', 'scripts/build-workflow-bundle.ts', bundle],
      {
        cwd: REPO_DIR,
      },
    );
    assert.match(built.stdout, /^workflow bundle: .*workflow-bundle\.js \(\d+ KiB, \d+ project modules\)/);

    await resetMoto(config.providers.aws.endpoint);
    await seedRegion(config.providers.aws.endpoint, 'us-east-1', 0, 2);
    const id = await seedMaestroAwsConnection(mongo.db(config.mongoDatabase), {
      regions: ['us-east-1 (N. Virginia)'],
      secretJwt: config.secretJwt,
    });
    const worker = startCli(['worker'], config);
    try {
      const ready = await worker.waitFor(/^discovery worker: .*metrics (http:\S+)\/metrics; (.*)$/, 90_000);
      assert.equal(ready[2], `prebuilt workflow bundle ${bundle}`);
      const metricsUrl = ready[1]!;
      assert.equal(metricsUrl, `http://127.0.0.1:${config.workerMetricsPort}`);

      const r = await runCli(['crawl', id, '--task', 'volumes-list', '--wait', '--json'], config);
      assert.equal(r.code, 0, transcript(r));

      assert.equal((await fetch(`${metricsUrl}/health`)).status, 200);
      assert.equal((await fetch(`${metricsUrl}/ready`)).status, 200);
      const text = await (await fetch(`${metricsUrl}/metrics`)).text();
      assert.equal(metric(text, 'discovery_resources_total', { entity: 'volumes', outcome: 'created' }), 2);
      assert.equal(metric(text, 'discovery_crawls_finished_total', { status: 'completed' }), 1);
      // The Temporal SDK's own runtime metrics, appended from Core's loopback exporter.
      assert.ok(
        (metric(text, 'temporal_workflow_completed_total') ?? 0) >= 1,
        `no temporal_workflow_completed_total in:\n${text.slice(-3000)}`,
      );
      assert.match(text, /^temporal_activity_execution_latency\w*_count\{/m);
      assert.ok(metric(text, 'nodejs_heap_size_used_bytes') !== undefined);
    } finally {
      worker.child.kill('SIGTERM');
    }
    const end = await worker.exited;
    assert.equal(end.code, 0, transcript(end));
    assert.doesNotMatch(end.stdout + end.stderr, WEBPACK_REPORT);
    // The crawl's JSON lines are on stdout: the run end among them.
    const runEnd = end.stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { event?: string; status?: string })
      .find((l) => l.event === 'run_end');
    assert.equal(runEnd?.status, 'completed');
  });

  void test('a bundle older than a source it was built from is not used: the worker bundles quietly', async () => {
    utimesSync(bundle, new Date(0), new Date(0));
    const worker = startCli(['worker'], config, { DISCOVERY_WORKER_METRICS_PORT: '0' });
    try {
      const ready = await worker.waitFor(/^discovery worker: .*; (.*)$/, 120_000);
      assert.match(ready[1]!, /^workflows bundled at start \(\S+\.ts is newer than .*workflow-bundle\.js\)$/);
    } finally {
      worker.child.kill('SIGTERM');
    }
    const end = await worker.exited;
    assert.equal(end.code, 0, transcript(end));
    assert.doesNotMatch(end.stdout + end.stderr, WEBPACK_REPORT);
  });

  void test('the API counts its requests by route and serves /metrics', async () => {
    const api = startCli(['api'], config);
    try {
      const url = (await api.waitFor(/^discovery api: listening on (http:\S+)/, 90_000))[1]!;
      for (let i = 0; i < 3; i++) assert.equal((await fetch(`${url}/health`)).status, 200);
      assert.equal((await fetch(`${url}/v1/connections/abc`)).status, 401);
      const res = await fetch(`${url}/metrics`);
      assert.equal(res.status, 200);
      const text = await res.text();
      assert.equal(metric(text, 'discovery_api_requests_total', { route: '/health', status: '200' }), 3);
      assert.equal(
        metric(text, 'discovery_api_requests_total', { route: '/v1/connections/:id', status: '401' }),
        1,
      );
      assert.equal(metric(text, 'discovery_api_request_duration_seconds_count', { route: '/health' }), 3);
    } finally {
      api.child.kill('SIGTERM');
    }
    assert.equal((await api.exited).code, 0);
  });
});
