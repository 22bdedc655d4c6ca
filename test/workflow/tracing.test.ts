// Traces (issue #16 item 6): with tracing on, one crawl started through the API is one trace — the
// API request's span, the client's start of the workflow, the parent and partition workflows and
// their activities — collected here by an in-memory exporter. (Off by default: every other test
// runs without it.)
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { startApi, type RunningApi } from '../../api/main.js';
import { enableTracing } from '../../observability/tracing.js';
import { crawlWorkflowId } from '../../workflows/definitions.js';
import { resetMoto, seedRegion } from '../harness/aws-seed.js';
import { privateToken } from '../harness/api.js';
import { seedMaestroAwsConnection } from '../harness/connections.js';
import { startCrawlEnv, testConfig, type CrawlEnv } from '../harness/crawl-env.js';
import { freePort } from '../harness/net.js';

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

void describe('one trace spans API -> workflow -> activities', () => {
  const exporter = new InMemorySpanExporter();
  let env: CrawlEnv;
  let api: RunningApi;
  let connectionId: string;
  let token: string;

  before(async () => {
    // Before any client or worker exists: they pick their interceptors when they are made.
    enableTracing(exporter, 'discovery-test');
    const config = testConfig('tracing', {
      MAESTRO_PORT: String(await freePort()),
      DISCOVERY_API_HOST: '127.0.0.1',
    });
    env = await startCrawlEnv(config);
    api = await startApi(config);
    token = await privateToken(config);
    await resetMoto(config.providers.aws.endpoint);
    await seedRegion(config.providers.aws.endpoint, 'sa-east-1', 0, 2);
    connectionId = await seedMaestroAwsConnection(env.db, {
      regions: ['sa-east-1 (São Paulo)'],
      secretJwt: config.secretJwt,
    });
  });
  after(async () => {
    await api?.close();
    await env?.stop();
  });

  void test('the request, the workflows and the activities share one trace id', async () => {
    const res = await fetch(`${api.url}/crawler/AWS/${connectionId}/volumes-list`, {
      method: 'PUT',
      headers: { authorization: `JWT ${token}` },
    });
    assert.equal(res.status, 201, await res.text());
    const result = await env.client.result(crawlWorkflowId(connectionId, 'volumes-list'));
    assert.equal(result.status, 'completed');

    const spans = (): ReadableSpan[] => exporter.getFinishedSpans();
    const named = (prefix: string) => spans().filter((s) => s.name.startsWith(prefix));
    const request = await until('the request span', () => named('PUT /crawler')[0]);
    const traceId = request.spanContext().traceId;
    // Workflow spans arrive through the sink once the workflows complete.
    await until('the parent workflow span', () => named('RunWorkflow:crawlConnection')[0]);
    const inTrace = spans().filter((s) => s.spanContext().traceId === traceId);
    const names = new Set(inTrace.map((s) => s.name));
    for (const want of [
      // A trigger is an update-with-start (docs/maestro.md: no lost trigger).
      'UpdateWithStartWorkflow:trigger',
      'HandleUpdate:trigger',
      'RunWorkflow:crawlConnection',
      'StartChildWorkflow:crawlPartition',
      'RunWorkflow:crawlPartition',
      'RunActivity:planCrawl',
      'RunActivity:fetchPage',
      'RunActivity:insertBatch',
      'RunActivity:sweepScope',
      'RunActivity:finishCrawl',
    ])
      assert.ok(names.has(want), `${want} not in the request's trace: ${[...names].sort().join(', ')}`);
    // Every span of the crawl is in that trace (nothing started a trace of its own).
    const crawlSpans = spans().filter((s) => /Workflow|Activity/.test(s.name));
    const strays = crawlSpans.filter((s) => s.spanContext().traceId !== traceId);
    assert.deepEqual(
      strays.map((s) => s.name),
      [],
    );
  });
});
