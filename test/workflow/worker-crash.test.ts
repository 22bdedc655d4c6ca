import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Config } from '../../config/index.js';
import { openStore, type Store } from '../../store/index.js';
import { CrawlClient } from '../../temporal/crawl-client.js';
import { resetMoto, seedSeparateInstances } from '../harness/aws-seed.js';
import { seedMaestroAwsConnection } from '../harness/connections.js';
import { testConfig } from '../harness/crawl-env.js';
import { startFaultProxy, type FaultProxy } from '../harness/fault-proxy.js';
import { inventory } from '../harness/inventory.js';
import { fetchAttempts, until, WorkerProcesses } from '../harness/worker-process.js';

const REGION = 'ap-southeast-2';
const INSTANCES = 100;
const PAGE = 5;
const PAGES = INSTANCES / PAGE;

let proxy: FaultProxy;
let config: Config;
let store: Store;
let client: CrawlClient;
let workers: WorkerProcesses;

function served(): string {
  return `proxy calls: ${JSON.stringify([...proxy.calls])}`;
}

before(async () => {
  config = testConfig('crash');
  await resetMoto(config.providers.aws.endpoint);
  proxy = await startFaultProxy(config.providers.aws.endpoint);
  store = await openStore(config);
  client = await CrawlClient.connect(config);
  await seedSeparateInstances(config.providers.aws.endpoint, REGION, INSTANCES);
  workers = new WorkerProcesses(config, {
    AWS_ENDPOINT_URL: proxy.url,
    MAESTRO_SCAN_QTD: String(PAGE),
    MAESTRO_TRANSLATE_QTD: '50',
  });
});
after(async () => {
  workers?.killAll();
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

  const first = await workers.start();
  const started = await client.start({ connectionId: crashed, task: 'server-list' });
  // 10 pages per fetch (50 / 5): kill in the middle of the second fetch.
  await until('17 pages served', () => proxy.count(REGION, 'DescribeInstances') >= 17, served);
  workers.kill(first);
  const servedBeforeCrash = proxy.count(REGION, 'DescribeInstances');

  await workers.start();
  const result = await client.result(started.workflowId);
  assert.equal(result.status, 'completed');
  assert.equal(result.totals.created, INSTANCES);
  const pages = proxy.count(REGION, 'DescribeInstances');
  const fetches = await fetchAttempts(client, started.workflowId);
  console.log(
    `# pages served: ${pages} for ${PAGES} pages (killed after ${servedBeforeCrash}); ` +
      `${fetches.interrupted} fetch attempt(s) interrupted, ${fetches.resumedPages} pages kept`,
  );
  // A retried fetch goes on after the last page the killed attempt stored (activities/fetch.ts), so
  // each interrupted attempt costs at most the one page whose request was in flight. Without the
  // resume the second fetch restarts from its first page (27+ pages in all); resuming from the last
  // heartbeat only (throttled to one per 2.4 s here) re-requests up to ~5 pages.
  assert.ok(fetches.interrupted >= 1, 'the kill interrupted a fetch');
  assert.ok(
    pages <= PAGES + fetches.interrupted,
    `served ${pages} pages for ${PAGES} with ${fetches.interrupted} interrupted attempt(s)`,
  );
  assert.ok(fetches.resumedPages >= 4, `the retried fetch kept ${fetches.resumedPages} stored pages`);

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
