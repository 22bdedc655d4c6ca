// workflows/scheduled-crawl.ts: what a Temporal Schedule starts. The crawl runs as the child
// `crawl:<conn>:<task>`, so a schedule firing while a (manual) crawl runs starts no second crawl beside
// it but queues one follow-up, and a manual trigger during a scheduled crawl does the same.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { resetMoto, seedRegion } from '../harness/aws-seed.js';
import { seedMaestroAwsConnection } from '../harness/connections.js';
import { startCrawlEnv, testConfig, type CrawlEnv } from '../harness/crawl-env.js';
import { startFaultProxy, type FaultProxy } from '../harness/fault-proxy.js';
import { crawlWorkflowId } from '../../workflows/definitions.js';
import type { ScheduledCrawlResult } from '../../workflows/scheduled-crawl.js';

void describe('scheduled crawls obey one crawl per connection and task', () => {
  let env: CrawlEnv;
  let proxy: FaultProxy;
  let connectionId: string;

  before(async () => {
    const moto = testConfig('scheduled').providers.aws.endpoint;
    await resetMoto(moto);
    proxy = await startFaultProxy(moto);
    env = await startCrawlEnv(
      testConfig('scheduled', { AWS_ENDPOINT_URL: proxy.url, MAESTRO_SCAN_QTD: '5' }),
    );
    await seedRegion(moto, 'eu-west-3', 0, 4);
    connectionId = await seedMaestroAwsConnection(env.db, {
      regions: ['eu-west-3 (Paris)'],
      secretJwt: env.config.secretJwt,
    });
  });
  after(async () => {
    await env?.stop();
    await proxy?.close();
  });

  const fire = (n: number): Promise<ScheduledCrawlResult> =>
    env.client.client.workflow.execute('scheduledCrawl', {
      taskQueue: env.config.taskQueue,
      workflowId: `scheduled-test-${n}-${Date.now()}`,
      args: [{ connectionId, task: 'volumes-list' }],
    });

  void test('a schedule firing during a manual crawl queues one follow-up and says so', async () => {
    proxy.delayMs.set('DescribeVolumes', 3000);
    try {
      const before = proxy.count('eu-west-3', 'DescribeVolumes');
      const manual = await env.client.start({ connectionId, task: 'volumes-list' });
      assert.equal(manual.started, true);
      await waitRunning(crawlWorkflowId(connectionId, 'volumes-list'));
      const { runId: manualRunId } = await manual.handle.describe();
      const fired = await fire(1);
      assert.equal(fired.started, false);
      assert.equal(
        fired.started === false && fired.workflowId,
        crawlWorkflowId(connectionId, 'volumes-list'),
      );
      assert.equal(fired.started === false && fired.queued, true);
      assert.match(fired.started === false ? fired.reason : '', /follow-up crawl is queued/);
      // The handle follows the chain: the manual crawl, then the follow-up it continued as.
      const result = (await manual.handle.result()) as { status: string; runId: string };
      assert.equal(result.status, 'completed');
      assert.notEqual(result.runId, manualRunId, 'the follow-up is a run of its own');
      assert.equal(
        proxy.count('eu-west-3', 'DescribeVolumes') - before,
        2,
        'two crawls, one after the other, listed the volumes',
      );
    } finally {
      proxy.delayMs.delete('DescribeVolumes');
    }
  });

  /** Until the crawl under `id` has planned (a trigger before that is served by it, not queued). */
  async function waitRunning(id: string): Promise<void> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const handle = env.client.client.workflow.getHandle(id);
      const desc = await handle.describe().catch(() => undefined);
      if (desc?.status.name === 'RUNNING') {
        const progress = await env.client.progress(id).catch(() => undefined);
        if (progress?.status === 'running') return;
      }
      assert.ok(Date.now() < deadline, 'the crawl never started');
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  void test('a scheduled crawl runs under the crawl id, and a manual trigger queues a follow-up', async () => {
    proxy.delayMs.set('DescribeVolumes', 3000);
    try {
      const before = proxy.count('eu-west-3', 'DescribeVolumes');
      const firing = fire(2);
      const id = crawlWorkflowId(connectionId, 'volumes-list');
      // Wait until the scheduled crawl holds the id, then trigger by hand.
      await waitRunning(id);
      const { runId: scheduledRunId } = await env.client.client.workflow.getHandle(id).describe();
      const manual = await env.client.start({ connectionId, task: 'volumes-list' });
      assert.equal(
        manual.started,
        false,
        'the manual trigger did not start a crawl beside the scheduled one',
      );
      assert.equal(manual.trigger, 'queued');
      const fired = await firing;
      assert.equal(fired.started, true);
      // The child's result follows its chain: the follow-up the manual trigger queued.
      assert.equal(fired.started && fired.result.status, 'completed');
      const runs = await env.db
        .collection('discovery_runs')
        .find({ connection_id: connectionId, task: 'volumes-list' })
        .toArray();
      assert.ok(
        runs.some((r) => String(r._id) === scheduledRunId),
        'the scheduled crawl is a crawl:<conn>:<task> run in the ledger',
      );
      assert.equal(proxy.count('eu-west-3', 'DescribeVolumes') - before, 2);
    } finally {
      proxy.delayMs.delete('DescribeVolumes');
    }
  });
});
