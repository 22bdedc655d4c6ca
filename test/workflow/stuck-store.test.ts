// Issue #18 item 7: a MongoDB-wire server that stops answering queries (while still answering ping)
// must not wedge the worker. A proxy in front of the peer swallows every query for HOLD_MS mid-crawl,
// and the connections it silenced never answer again: the worker's MongoDB deadline fails those
// steps, Temporal retries them on fresh connections, the slots free up and the crawl completes.
// Before the deadlines, those calls waited forever and the crawl never moved again (the steps' 5 min
// activity timeout is far beyond this test's bound).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Config } from '../../config/index.js';
import { openStore, type Store } from '../../store/index.js';
import { resetMoto, seedSeparateInstances } from '../harness/aws-seed.js';
import { startApiEnv, type ApiEnv } from '../harness/api.js';
import { seedMaestroAwsConnection } from '../harness/connections.js';
import { startCrawlEnv, testConfig, type CrawlEnv } from '../harness/crawl-env.js';
import { startFaultProxy, type FaultProxy } from '../harness/fault-proxy.js';
import { inventory } from '../harness/inventory.js';
import { startMongoWireProxy, type MongoWireProxy } from '../harness/mongo-wire-proxy.js';

const REGIONS = ['sa-east-1', 'ca-central-1'];
const PER_REGION = 40;
const HOLD_MS = 12_000;
const MONGO_DEADLINE_MS = 2_000;

let aws: FaultProxy;
let wire: MongoWireProxy;
let config: Config;
let direct: Store;
let env: CrawlEnv;
let api: ApiEnv;
const lines: string[] = [];

before(async () => {
  const base = testConfig('stuck');
  await resetMoto(base.providers.aws.endpoint);
  for (const region of REGIONS) await seedSeparateInstances(base.providers.aws.endpoint, region, PER_REGION);
  aws = await startFaultProxy(base.providers.aws.endpoint);
  wire = await startMongoWireProxy(base.mongoUri);
  config = testConfig('stuck', {
    MONGODB_URI: wire.uri,
    MAESTRO_MONGO_DATABASE: base.mongoDatabase,
    AWS_ENDPOINT_URL: aws.url,
    DISCOVERY_MONGODB_TIMEOUT_MS: String(MONGO_DEADLINE_MS),
    MAESTRO_SCAN_QTD: '5',
    MAESTRO_TRANSLATE_QTD: '10',
    DISCOVERY_FETCH_MAX_ATTEMPTS: '10',
    DISCOVERY_WORKER_ACTIVITY_SLOTS: '4',
  });
  direct = await openStore({ ...config, mongoUri: base.mongoUri });
  env = await startCrawlEnv(config, [], (line) => lines.push(line));
  api = await startApiEnv(config);
});

after(async () => {
  await api?.close();
  await env?.stop();
  await direct?.db.dropDatabase().catch(() => undefined);
  await direct?.close();
  await wire?.close();
  await aws?.close();
});

async function ready(): Promise<{ status: number; mongodb: string }> {
  const res = await api.app.inject({ method: 'GET', url: '/ready' });
  return {
    status: res.statusCode,
    mongodb: res.json<{ checks: Record<string, string> }>().checks.mongodb!,
  };
}

void test('a store that stops answering queries mid-crawl: steps fail within the deadline, retry, and the crawl completes', async () => {
  const id = await seedMaestroAwsConnection(direct.db, { regions: REGIONS, secretJwt: config.secretJwt });
  assert.deepEqual(await ready(), { status: 200, mongodb: 'ok' });
  aws.delayMs.set('DescribeInstances', 150);
  const started = await env.client.start({ connectionId: id, task: 'server-list' });
  const until = Date.now() + 60_000;
  while (aws.count(REGIONS[0]!, 'DescribeInstances') + aws.count(REGIONS[1]!, 'DescribeInstances') < 6) {
    if (Date.now() > until) throw new Error('the crawl never reached its sixth page');
    await new Promise((r) => setTimeout(r, 50));
  }

  wire.hold = true;
  const heldAt = Date.now();
  // /ready sees the wedged store (its ping is still answered).
  assert.deepEqual(await ready(), { status: 503, mongodb: 'unavailable' });
  await new Promise((r) => setTimeout(r, HOLD_MS));
  const heldCommands = wire.held;
  wire.hold = false;
  const released = Date.now();
  console.log(`# held ${heldCommands} commands for ${((released - heldAt) / 1000).toFixed(1)} s`);
  assert.ok(heldCommands >= 2, `the hold swallowed ${heldCommands} commands`);

  const result = await Promise.race([
    env.client.result(started.workflowId),
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error('the crawl did not complete within 120 s of the release')), 120_000),
    ),
  ]);
  console.log(`# completed ${((Date.now() - released) / 1000).toFixed(1)} s after the release`);
  assert.equal(result.status, 'completed');
  assert.equal(result.totals.created, REGIONS.length * PER_REGION);
  assert.equal((await inventory(direct.db, 'servers', id)).length, REGIONS.length * PER_REGION);
  assert.deepEqual(await ready(), { status: 200, mongodb: 'ok' });

  // The steps caught by the hold failed on the deadline and were retried.
  const failures = lines.filter((l) => l.includes('activity failed'));
  assert.ok(failures.length >= 1, 'some activity attempts failed on the MongoDB deadline');
  assert.ok(
    failures.some((l) => /timed out|timeout/i.test(l)),
    `the failures name the deadline: ${failures.slice(0, 3).join(' | ')}`,
  );
  // Every slot is free and no attempt is still waiting on the store.
  const seen = env.worker.slots.check();
  assert.deepEqual(seen, { busy: 0, overdue: 0, abandoned: 0, wedged: false });
});
