// No lost trigger, still one crawl at a time (crawl-connection.ts, temporal/crawl-client.ts): a trigger
// while a crawl runs, or while it closes (ledger already final, websocket step still retrying), queues
// one follow-up crawl instead of attaching to the end of the running one.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { resetMoto, seedRegion } from '../harness/aws-seed.js';
import { seedMaestroAwsConnection } from '../harness/connections.js';
import { startCrawlEnv, testConfig, type CrawlEnv } from '../harness/crawl-env.js';
import { startFaultProxy, type FaultProxy } from '../harness/fault-proxy.js';
import { crawlWorkflowId } from '../../workflows/definitions.js';
import { CrawlClient, type StartOutcome } from '../../temporal/crawl-client.js';

const TASK = 'volumes-list';

void describe('triggers are coalesced into one follow-up crawl, never lost', () => {
  let env: CrawlEnv;
  let proxy: FaultProxy;
  let connectionId: string;
  let id: string;
  let hub: Server;

  before(async () => {
    const moto = testConfig('trigger').providers.aws.endpoint;
    await resetMoto(moto);
    proxy = await startFaultProxy(moto);
    // A slow websocket hub on loopback: the crawl's closing step (after the ledger says finished) lasts.
    hub = createServer((req, res) => {
      req.resume();
      setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'), 300);
    });
    await new Promise<void>((r) => hub.listen(0, '127.0.0.1', r));
    const hubUrl = `http://127.0.0.1:${(hub.address() as AddressInfo).port}`;
    env = await startCrawlEnv(
      testConfig('trigger', { AWS_ENDPOINT_URL: proxy.url, MAESTRO_WEBSOCKET_URI: hubUrl }),
    );
    await seedRegion(moto, 'eu-west-3', 0, 2);
    connectionId = await seedMaestroAwsConnection(env.db, {
      regions: ['eu-west-3 (Paris)'],
      secretJwt: env.config.secretJwt,
    });
    id = crawlWorkflowId(connectionId, TASK);
  });
  after(async () => {
    await env?.stop();
    await proxy?.close();
    await new Promise((r) => hub?.close(r));
  });

  const runs = () => env.db.collection('discovery_runs');
  const finishedRuns = () =>
    runs().countDocuments({ connection_id: connectionId, task: TASK, finished_at: { $exists: true } });

  async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      assert.ok(Date.now() < deadline, `timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** The whole chain (a crawl and the follow-ups it continued as) has closed. */
  const settled = () => env.client.handle(id).result();

  void test('5 triggers during one crawl give exactly one follow-up', async () => {
    await runs().deleteMany({});
    const listed = proxy.count('eu-west-3', 'DescribeVolumes');
    proxy.delayMs.set('DescribeVolumes', 2000);
    try {
      const first = await env.client.start({ connectionId, task: TASK });
      assert.equal(first.trigger, 'started');
      await until('the crawl to plan', async () =>
        (await env.client.progress(id).catch(() => undefined))?.status === 'running' ? true : undefined,
      );
      const outcomes: StartOutcome[] = [];
      for (let i = 0; i < 5; i++)
        outcomes.push((await env.client.start({ connectionId, task: TASK })).trigger);
      assert.deepEqual(outcomes, ['queued', 'attached', 'attached', 'attached', 'attached']);
      await settled();
    } finally {
      proxy.delayMs.delete('DescribeVolumes');
    }
    const ledger = await runs().find({ connection_id: connectionId, task: TASK }).toArray();
    assert.equal(ledger.length, 2, 'the crawl and one follow-up');
    assert.ok(ledger.every((r) => r.status === 'completed'));
    assert.equal(proxy.count('eu-west-3', 'DescribeVolumes') - listed, 2, 'two crawls, one after the other');
    const [a, b] = ledger.sort((x, y) => +x.started_at - +y.started_at);
    assert.ok(a && b && b.started_at >= a.finished_at, 'the follow-up started after the crawl finished');
  });

  void test('20 triggers, each sent the moment the previous run is recorded finished, give 20 runs', async () => {
    await runs().deleteMany({});
    const outcomes: StartOutcome[] = [];
    for (let i = 0; i < 20; i++) {
      outcomes.push((await env.client.start({ connectionId, task: TASK })).trigger);
      // The ledger says finished before the workflow closes (websocket step): trigger in that window.
      await until(`run ${i + 1} recorded finished`, async () =>
        (await finishedRuns()) >= i + 1 ? true : undefined,
      );
    }
    await settled();
    assert.ok(
      outcomes.every((o) => o === 'started' || o === 'queued'),
      `each trigger started or queued a crawl: ${outcomes.join(',')}`,
    );
    assert.equal(await finishedRuns(), 20, `runs: ${outcomes.join(',')}`);
    assert.equal(await runs().countDocuments({ connection_id: connectionId, task: TASK }), 20);
  });

  void test('no worker takes the trigger: the call answers pending within its wait, the crawl is recorded in Temporal', async () => {
    // A task queue no worker polls: before the bound, this call never returned.
    const lonely = new CrawlClient(env.client.client, `no-worker-${Date.now()}`, 500);
    const t0 = Date.now();
    const started = await lonely.start({ connectionId, task: 'server-list' });
    assert.equal(started.trigger, 'pending');
    assert.ok(Date.now() - t0 < 5_000, `answered after ${Date.now() - t0} ms`);
    const desc = await started.handle.describe();
    assert.equal(desc.status.name, 'RUNNING', 'the start is recorded; a worker will run it');
    await started.handle.terminate('test: no worker polls this queue');
  });
});
