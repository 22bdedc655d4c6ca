import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startSyntheticApi, type SyntheticApi } from '../../bench/synthetic-server.js';
import { syntheticProvider } from '../../providers/synthetic/index.js';
import { seedSyntheticConnection } from '../harness/connections.js';
import { startCrawlEnv, testConfig, type CrawlEnv } from '../harness/crawl-env.js';
import { historyStats } from '../harness/history.js';

const N = 20_000;
const LIMIT = 256 * 1024;

let api: SyntheticApi;
let env: CrawlEnv;

before(async () => {
  api = await startSyntheticApi(N);
  env = await startCrawlEnv(
    testConfig('large', {
      MAESTRO_SCAN_QTD: '1000',
      MAESTRO_TRANSLATE_QTD: '1000',
      DISCOVERY_PARTITION_ITERATIONS: '8',
    }),
    [syntheticProvider(api.url)],
  );
});
after(async () => {
  await env?.stop();
  await api?.close();
});

void test(`a ${N.toLocaleString('en')}-resource partition completes within Temporal's limits, no payload over 256 KB`, async () => {
  const id = await seedSyntheticConnection(env.db, {
    regions: ['synthetic-1'],
    secretJwt: env.config.secretJwt,
  });
  const result = await env.crawl(id, 'server-list');
  assert.equal(result.status, 'completed');
  assert.equal(result.totals.items, N);
  assert.equal(result.totals.created, N);
  assert.equal(result.totals.pages, N / 1000);
  assert.equal(await env.db.collection('servers').countDocuments({ connection_id: id, active: true }), N);

  const stats = await historyStats(env.client.client, `crawl:${id}:server-list`);
  console.log(
    `# history: ${stats.runs} runs, ${stats.events} events, at most ${stats.maxEventsPerRun} per run, largest payload ${stats.maxPayloadBytes} B`,
  );
  assert.ok(stats.runs >= 4, `the partition continued as new (parent + ${stats.runs - 1} partition runs)`);
  assert.ok(stats.maxPayloadBytes < LIMIT, `largest payload ${stats.maxPayloadBytes} B < 256 KB`);
  assert.ok(stats.maxEventsPerRun < 1_000, `at most ${stats.maxEventsPerRun} events in one run`);
});
