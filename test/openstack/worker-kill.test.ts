// A real worker process killed in the middle of an OpenStack listing (Nova `/servers/detail`, marker
// paging, real Keystone): a new worker completes the crawl, its fetch going on from the last stored
// marker instead of the region's first page.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Config } from '../../config/index.js';
import { openStore, type Store } from '../../store/index.js';
import { CrawlClient } from '../../temporal/crawl-client.js';
import { testConfig } from '../harness/crawl-env.js';
import { inventory } from '../harness/inventory.js';
import { seedOpenStackConnection, startOpenStackEnv, type OpenStackEnv } from '../harness/openstack-env.js';
import { killMidListing, WorkerProcesses } from '../harness/worker-process.js';

const SERVERS = 100;
const PAGE = 5;
const PAGES = SERVERS / PAGE;

let os: OpenStackEnv;
let config: Config;
let store: Store;
let client: CrawlClient;
let workers: WorkerProcesses;

const serverPages = () =>
  os.fake.server.requests.filter((r) => r.route === 'nova-servers' && r.status === 200);

before(async () => {
  os = await startOpenStackEnv({ regions: ['RegionOne'], counts: { servers: SERVERS } });
  config = testConfig('os-kill');
  store = await openStore(config);
  client = await CrawlClient.connect(config);
  workers = new WorkerProcesses(config, { MAESTRO_SCAN_QTD: String(PAGE), MAESTRO_TRANSLATE_QTD: '50' });
});
after(async () => {
  workers?.killAll();
  await client?.close();
  await store?.db.dropDatabase();
  await store?.close();
  await os?.stop();
});

void test('a worker killed mid-listing: a new worker completes the crawl from the stored marker', async () => {
  const id = await seedOpenStackConnection(store.db, os, { secretJwt: config.secretJwt });
  // Slow pages, so the kill lands inside a fetch (10 pages per fetch: 50 / 5).
  os.fake.server.inject({ match: 'nova-servers', delayMs: 400 });
  const { result, servedAtKill, fetches } = await killMidListing({
    workers,
    client,
    connectionId: id,
    task: 'server-list',
    served: () => serverPages().length,
    // The middle of the second fetch.
    killAfter: 17,
  });
  assert.equal(result.status, 'completed', JSON.stringify(result.scopes));
  assert.equal(result.totals.created, SERVERS);
  const served = serverPages();
  console.log(
    `# server pages served: ${served.length} for ${PAGES} (killed after ${servedAtKill}); ` +
      `${fetches.interrupted} fetch attempt(s) interrupted, ${fetches.resumedPages} pages kept`,
  );
  // One first page (no marker): the retried fetch went on from a stored marker.
  assert.equal(served.filter((r) => !r.query.includes('marker')).length, 1, 'one first page only');
  // Each interrupted attempt costs at most its one page in flight (activities/fetch.ts).
  assert.ok(fetches.interrupted >= 1, 'the kill interrupted a fetch');
  assert.ok(
    served.length <= PAGES + fetches.interrupted,
    `served ${served.length} pages for ${PAGES} with ${fetches.interrupted} interrupted attempt(s)`,
  );
  assert.ok(fetches.resumedPages >= 4, `the retried fetch kept ${fetches.resumedPages} stored pages`);
  const docs = await inventory(store.db, 'servers', id);
  assert.equal(docs.length, SERVERS);
  assert.equal(new Set(docs.map((d) => d.unique_id)).size, SERVERS);
});
