// workflows/scheduled-crawl.ts: what a Temporal Schedule starts. The crawl runs as the child
// `crawl:<conn>:<task>`, so a schedule firing while a (manual) crawl runs starts no second crawl, and a
// manual trigger during a scheduled crawl attaches to it.
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

  void test('a schedule firing during a manual crawl starts nothing and says why', async () => {
    proxy.delayMs.set('DescribeVolumes', 3000);
    try {
      const manual = await env.client.start({ connectionId, task: 'volumes-list' });
      assert.equal(manual.started, true);
      const fired = await fire(1);
      assert.equal(fired.started, false);
      assert.equal(
        fired.started === false && fired.workflowId,
        crawlWorkflowId(connectionId, 'volumes-list'),
      );
      assert.match(fired.started === false ? fired.reason : '', /already running/);
      const result = (await manual.handle.result()) as { status: string };
      assert.equal(result.status, 'completed');
      assert.equal(proxy.count('eu-west-3', 'DescribeVolumes'), 1, 'one crawl listed the volumes, once');
    } finally {
      proxy.delayMs.delete('DescribeVolumes');
    }
  });

  void test('a scheduled crawl runs under the crawl id, and a manual trigger attaches to it', async () => {
    proxy.delayMs.set('DescribeVolumes', 3000);
    try {
      const before = proxy.count('eu-west-3', 'DescribeVolumes');
      const firing = fire(2);
      const id = crawlWorkflowId(connectionId, 'volumes-list');
      // Wait until the scheduled crawl holds the id, then trigger by hand.
      const deadline = Date.now() + 30_000;
      for (;;) {
        const desc = await env.client.client.workflow.getHandle(id).describe();
        if (desc.status.name === 'RUNNING') break;
        assert.ok(Date.now() < deadline, 'the scheduled crawl never started');
        await new Promise((r) => setTimeout(r, 100));
      }
      const manual = await env.client.start({ connectionId, task: 'volumes-list' });
      assert.equal(manual.started, false, 'the manual trigger attached to the scheduled crawl');
      const fired = await firing;
      assert.equal(fired.started, true);
      assert.equal(fired.started && fired.result.status, 'completed');
      const { runId } = await env.client.client.workflow.getHandle(id).describe();
      assert.equal(
        fired.started && fired.result.runId,
        runId,
        'the scheduled crawl is the crawl:<conn>:<task> run',
      );
      assert.equal(proxy.count('eu-west-3', 'DescribeVolumes') - before, 1);
    } finally {
      proxy.delayMs.delete('DescribeVolumes');
    }
  });
});
