// Logs and metrics of a real crawl (issue #16 items 4 and 5): one JSON line per crawl start, scope end
// and run end at info, provider errors at warn with their classification, no credential anywhere,
// and the Prometheus counters that follow from the same crawl, served over HTTP by the worker's
// metrics server next to the Temporal SDK's own metrics.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { CrawlClient } from '../../temporal/crawl-client.js';
import { createJsonLogger } from '../../observability/log.js';
import { WorkerMetrics } from '../../observability/metrics.js';
import { startMetricsServer, type MetricsServer } from '../../observability/server.js';
import { createWorker, type WorkerHandle } from '../../worker/create-worker.js';
import { deleteVolumes, resetMoto, seedRegion } from '../harness/aws-seed.js';
import { seedMaestroAwsConnection } from '../harness/connections.js';
import { testConfig } from '../harness/crawl-env.js';
import { startFaultProxy, type FaultProxy } from '../harness/fault-proxy.js';

const ACCESS = 'AKIAOBSERVABILITYKEY1';
const SECRET = 'observability-secret-never-logged';

interface Line {
  level: string;
  msg: string;
  event?: string;
  [k: string]: unknown;
}

function metricValue(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(name + '{')) continue;
    const body = line.slice(name.length + 1, line.lastIndexOf('}'));
    const ok = Object.entries(labels).every(([k, v]) => body.includes(`${k}="${v}"`));
    if (ok) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

void describe('worker logs and metrics of a crawl', () => {
  const lines: string[] = [];
  let worker: WorkerHandle;
  let running: Promise<void>;
  let client: CrawlClient;
  let proxy: FaultProxy;
  let server: MetricsServer;
  let metrics: WorkerMetrics;
  let connectionId: string;
  let moto: string;
  let volumeIds: string[];

  before(async () => {
    try {
      Runtime.install({ logger: new DefaultLogger('WARN') });
    } catch {
      // installed already by another test of this process
    }
    const base = testConfig('observe');
    moto = base.providers.aws.endpoint;
    await resetMoto(moto);
    proxy = await startFaultProxy(moto);
    const config = testConfig('observe', {
      AWS_ENDPOINT_URL: proxy.url,
      LOG_LEVEL: 'info',
      DISCOVERY_SWEEP_GUARD_MIN: '2',
    });
    metrics = new WorkerMetrics();
    worker = await createWorker({
      config,
      metrics,
      log: createJsonLogger({ level: 'info', service: 'discovery-worker', write: (l) => lines.push(l) }),
    });
    running = worker.run();
    client = await CrawlClient.connect(config);
    server = await startMetricsServer({ registry: metrics.registry, host: '127.0.0.1', port: 0 });
    volumeIds = (await seedRegion(moto, 'eu-west-1', 0, 3)).volumeIds;
    connectionId = await seedMaestroAwsConnection(worker.store.db, {
      regions: ['eu-west-1 (Ireland)', 'eu-west-2 (London)'],
      secretJwt: config.secretJwt,
      access: ACCESS,
      secret: SECRET,
    });
    // eu-west-2 throttles twice, then answers: the SDK's two attempts (providers/aws/clients.ts) fail
    // once, the fetch activity's retry goes through.
    proxy.rules.push({
      action: 'DescribeVolumes',
      region: 'eu-west-2',
      status: 400,
      code: 'Throttling',
      times: 2,
    });
  });
  after(async () => {
    await server?.close();
    await worker?.store.db.dropDatabase().catch(() => undefined);
    worker?.shutdown();
    await running;
    await client?.close();
    await proxy?.close();
  });

  void test('one JSON line per crawl start, scope end and run end; provider errors at warn', async () => {
    const started = await client.start({ connectionId, task: 'volumes-list' });
    const result = await client.result(started.workflowId);
    assert.equal(result.status, 'completed');
    const parsed = lines.map((l) => JSON.parse(l) as Line);
    const start = parsed.filter((l) => l.event === 'crawl_start');
    assert.equal(start.length, 1);
    assert.deepEqual(
      {
        level: start[0]!.level,
        connection: start[0]!.connection,
        task: start[0]!.task,
        run: start[0]!.run,
        provider: start[0]!.provider,
        scopes: start[0]!.scopes,
      },
      {
        level: 'info',
        connection: connectionId,
        task: 'volumes-list',
        run: result.runId,
        provider: 'aws',
        scopes: 2,
      },
    );
    const scopes = parsed.filter((l) => l.event === 'scope_end');
    assert.deepEqual(scopes.map((l) => l.scope).sort(), [
      'ec2.describeVolumes@eu-west-1',
      'ec2.describeVolumes@eu-west-2',
    ]);
    const ireland = scopes.find((l) => l.scope === 'ec2.describeVolumes@eu-west-1')!;
    assert.equal(ireland.level, 'info');
    assert.equal(ireland.status, 'completed');
    assert.equal(ireland.run, result.runId);
    assert.equal((ireland.counts as { created: number }).created, 3);
    assert.equal(typeof ireland.duration_s, 'number');
    const end = parsed.filter((l) => l.event === 'run_end');
    assert.equal(end.length, 1);
    assert.equal(end[0]!.status, 'completed');
    assert.equal((end[0]!.counts as { created: number }).created, 3);
    assert.ok((end[0]!.duration_s as number) > 0);
    const throttled = parsed.filter((l) => l.event === 'provider_error');
    assert.equal(throttled.length, 1, 'one throttled provider call, logged once');
    for (const l of throttled) {
      assert.equal(l.level, 'warn');
      assert.equal(l.error_type, 'Throttled');
      assert.equal(l.region, 'eu-west-2');
      assert.equal(l.retryable, true);
    }
    for (const l of lines) {
      assert.ok(!l.includes(SECRET), `a log line carries the secret: ${l}`);
      assert.ok(!l.includes(ACCESS), `a log line carries the access key: ${l}`);
    }
  });

  void test('/metrics serves the counters of that crawl', async () => {
    const res = await fetch(`${server.url}/metrics`);
    assert.equal(res.status, 200);
    const text = await res.text();
    const v = (name: string, labels: Record<string, string>) => metricValue(text, name, labels);
    assert.equal(v('discovery_crawls_started_total', { provider: 'aws', task: 'volumes-list' }), 1);
    assert.equal(v('discovery_crawls_finished_total', { provider: 'aws', status: 'completed' }), 1);
    assert.equal(
      v('discovery_resources_total', { provider: 'aws', entity: 'volumes', outcome: 'created' }),
      3,
    );
    assert.equal(v('discovery_resources_total', { provider: 'aws', entity: 'volumes', outcome: 'seen' }), 3);
    assert.equal(v('discovery_scopes_finished_total', { entity: 'volumes', status: 'completed' }), 2);
    assert.equal(v('discovery_sweeps_total', { entity: 'volumes', outcome: 'applied' }), 2);
    assert.equal(
      v('discovery_provider_throttles_total', { provider: 'aws', command: 'ec2.describeVolumes' }),
      1,
    );
    assert.equal(v('discovery_provider_errors_total', { type: 'Throttled' }), 1);
    assert.ok((v('discovery_pages_fetched_total', { provider: 'aws', entity: 'volumes' }) ?? 0) >= 2);
    assert.equal(
      v('discovery_provider_call_duration_seconds_count', { outcome: 'ok', command: 'ec2.describeVolumes' }),
      v('discovery_pages_fetched_total', { entity: 'volumes' }),
    );
    assert.equal(v('discovery_crawl_duration_seconds_count', { provider: 'aws', status: 'completed' }), 1);
    assert.equal(v('discovery_activity_failures_total', { activity: 'fetchPage', type: 'Throttled' }), 1);
  });

  void test('a guarded sweep is counted and logged at warn', async () => {
    // Every volume of eu-west-1 gone at once: more than half of the scope, so the guard refuses.
    await deleteVolumes(moto, 'eu-west-1', volumeIds);
    const started = await client.start({ connectionId, task: 'volumes-list' });
    await client.result(started.workflowId);
    const sweeps = lines
      .map((l) => JSON.parse(l) as Line)
      .filter((l) => l.event === 'sweep' && l.outcome === 'guarded');
    assert.equal(sweeps.length, 1);
    assert.equal(sweeps[0]!.level, 'warn');
    assert.equal(sweeps[0]!.scope, 'ec2.describeVolumes@eu-west-1');
    const text = await (await fetch(`${server.url}/metrics`)).text();
    assert.equal(metricValue(text, 'discovery_sweeps_total', { entity: 'volumes', outcome: 'guarded' }), 1);
  });
});
