import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { after, before, test } from 'node:test';
import type { Config } from '../../config/index.js';
import { openStore, type Store } from '../../store/index.js';
import { CrawlClient } from '../../temporal/crawl-client.js';
import { resetMoto, seedSeparateInstances } from '../harness/aws-seed.js';
import { seedMaestroAwsConnection } from '../harness/connections.js';
import { testConfig } from '../harness/crawl-env.js';
import { startFaultProxy, type FaultProxy } from '../harness/fault-proxy.js';
import { inventory } from '../harness/inventory.js';
import { killWorker, startWorkerProcess } from '../harness/worker-process.js';

const REGION = 'ap-southeast-2';
const INSTANCES = 100;
const PAGE = 5;
const PAGES = INSTANCES / PAGE;

let proxy: FaultProxy;
let config: Config;
let store: Store;
let client: CrawlClient;
const workers: ChildProcess[] = [];

async function startWorker(): Promise<ChildProcess> {
  const child = await startWorkerProcess({
    MONGODB_URI: config.mongoUri,
    MAESTRO_MONGO_DATABASE: config.mongoDatabase,
    TEMPORAL_ADDRESS: config.temporalAddress,
    TEMPORAL_TASK_QUEUE: config.taskQueue,
    AWS_ENDPOINT_URL: proxy.url,
    MAESTRO_SCAN_QTD: String(PAGE),
    MAESTRO_TRANSLATE_QTD: '50',
    DISCOVERY_HEARTBEAT_TIMEOUT_SECONDS: '3',
    DISCOVERY_FETCH_MAX_ATTEMPTS: '5',
  });
  workers.push(child);
  return child;
}

const kill = killWorker;

async function until(what: string, probe: () => boolean, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > end)
      throw new Error(`timed out waiting for ${what} (proxy calls: ${JSON.stringify([...proxy.calls])})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

before(async () => {
  config = testConfig('crash');
  await resetMoto(config.providers.aws.endpoint);
  proxy = await startFaultProxy(config.providers.aws.endpoint);
  store = await openStore(config);
  client = await CrawlClient.connect(config);
  await seedSeparateInstances(config.providers.aws.endpoint, REGION, INSTANCES);
});
after(async () => {
  workers.forEach(kill);
  await client?.close();
  await store?.db.dropDatabase();
  await store?.close();
  await proxy?.close();
});

void test('a worker killed mid-crawl: a new worker completes it, resuming the fetch from its heartbeated page', async () => {
  const crashed = await seedMaestroAwsConnection(store.db, {
    regions: [REGION],
    secretJwt: config.secretJwt,
  });
  const calm = await seedMaestroAwsConnection(store.db, { regions: [REGION], secretJwt: config.secretJwt });
  proxy.delayMs.set('DescribeInstances', 500);

  const first = await startWorker();
  const started = await client.start({ connectionId: crashed, task: 'server-list' });
  // 10 pages per fetch (50 / 5): kill in the middle of the second fetch.
  await until('17 pages served', () => proxy.count(REGION, 'DescribeInstances') >= 17);
  kill(first);
  const servedBeforeCrash = proxy.count(REGION, 'DescribeInstances');

  await startWorker();
  const result = await client.result(started.workflowId);
  assert.equal(result.status, 'completed');
  assert.equal(result.totals.created, INSTANCES);
  const served = proxy.count(REGION, 'DescribeInstances');
  console.log(`# pages served: ${served} for ${PAGES} pages (killed after ${servedBeforeCrash})`);
  // Without the heartbeat resume the second fetch restarts from its first page: 27+ pages in all.
  // With it, only the pages after the last heartbeat (sent at most every second) are fetched again.
  assert.ok(served <= PAGES + 5, `served ${served} pages for ${PAGES}: the retried fetch resumed`);

  let resumed = 0;
  for await (const exec of client.client.workflow.list({
    query: `WorkflowId STARTS_WITH "${started.workflowId}:"`,
  })) {
    const history = await client.handle(exec.workflowId, exec.runId).fetchHistory();
    for (const e of history.events ?? []) {
      const payload = e.activityTaskCompletedEventAttributes?.result?.payloads?.[0]?.data;
      const text = payload ? Buffer.from(payload).toString() : '';
      if (text.includes('resumedPages')) {
        const r = JSON.parse(text) as { resumedPages: number };
        resumed = Math.max(resumed, r.resumedPages);
      }
    }
  }
  assert.ok(resumed >= 4, `the retried fetch kept ${resumed} heartbeated pages`);

  // The same account crawled without disturbance gives the same inventory. One document per
  // unique_id (Maestro's servers_unique, docs/maestro.md): the crashed crawl's are removed first, or
  // the calm connection (another tenant) would meet them as conflicts.
  const a = await inventory(store.db, 'servers', crashed);
  assert.equal(a.length, INSTANCES);
  await store.db.collection('servers').deleteMany({ connection_id: crashed });
  proxy.delayMs.clear();
  const undisturbed = await client.start({ connectionId: calm, task: 'server-list' });
  assert.equal((await client.result(undisturbed.workflowId)).status, 'completed');
  const b = await inventory(store.db, 'servers', calm);
  // Everything but what differs by connection (ids, ownership, datacenter) and by time.
  const content = ({
    unique_id,
    active,
    status,
    ipv4_private,
    storage,
    created_at,
    datacenters,
  }: Record<string, unknown>) => ({
    unique_id,
    active,
    status,
    ipv4_private,
    storage,
    created_at,
    zone: (datacenters as { zone?: string }).zone,
    instance: (datacenters as { instance?: string }).instance,
  });
  assert.deepEqual(a.map(content), b.map(content));
});
