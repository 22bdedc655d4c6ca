// A real worker process killed in the middle of a DigitalOcean listing (droplets, `links.pages.next`
// paging): a new worker completes the crawl, its fetch going on from the last stored page link
// instead of the first page.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Config } from '../../config/index.js';
import { openStore, type Store } from '../../store/index.js';
import { CrawlClient } from '../../temporal/crawl-client.js';
import { startDoFake, type DoFake } from '../../tooling/fakes/digitalocean/fake.js';
import { seedMaestroConnection } from '../harness/connections.js';
import { testConfig } from '../harness/crawl-env.js';
import { inventory } from '../harness/inventory.js';
import { killMidListing, WorkerProcesses } from '../harness/worker-process.js';

const DROPLETS = 100;
const PAGE = 5;
const PAGES = DROPLETS / PAGE;

let fake: DoFake;
let config: Config;
let store: Store;
let client: CrawlClient;
let workers: WorkerProcesses;

const dropletPages = () => fake.requests.filter((r) => r.route === 'droplets' && r.status === 200);

before(async () => {
  fake = await startDoFake({ count: { droplets: DROPLETS } });
  config = testConfig('do-kill');
  store = await openStore(config);
  client = await CrawlClient.connect(config);
  workers = new WorkerProcesses(config, {
    DIGITALOCEAN_API_URL: fake.url,
    MAESTRO_SCAN_QTD: String(PAGE),
    MAESTRO_TRANSLATE_QTD: '50',
  });
});
after(async () => {
  workers?.killAll();
  await client?.close();
  await store?.db.dropDatabase();
  await store?.close();
  await fake?.close();
});

void test('a worker killed mid-listing: a new worker completes the crawl from the stored page link', async () => {
  const id = await seedMaestroConnection(store.db, {
    provider: 'Digital Ocean',
    service: 'token_do',
    regions: ['all'],
    dc: 'DigitalOcean',
    secretJwt: config.secretJwt,
    credentials: { token: fake.token },
  });
  // Slow pages, so the kill lands inside a fetch (10 pages per fetch: 50 / 5).
  fake.inject({ match: 'droplets', delayMs: 400 });
  const { result, servedAtKill, fetches } = await killMidListing({
    workers,
    client,
    connectionId: id,
    task: 'server-list',
    served: () => dropletPages().length,
    // The middle of the second fetch.
    killAfter: 17,
  });
  assert.equal(result.status, 'completed', JSON.stringify(result.scopes));
  assert.equal(result.totals.created, DROPLETS);
  const served = dropletPages();
  const pageOf = (query: string) => Number(new URLSearchParams(query).get('page') ?? 1);
  console.log(
    `# droplet pages served: ${served.length} for ${PAGES} (killed after ${servedAtKill}); ` +
      `${fetches.interrupted} fetch attempt(s) interrupted, ${fetches.resumedPages} pages kept`,
  );
  // The first page once: the retried fetch went on from a stored `links.pages.next`.
  assert.equal(served.filter((r) => pageOf(r.query) === 1).length, 1, 'one first page only');
  // Each interrupted attempt costs at most its one page in flight (activities/fetch.ts).
  assert.ok(fetches.interrupted >= 1, 'the kill interrupted a fetch');
  assert.ok(
    served.length <= PAGES + fetches.interrupted,
    `served ${served.length} pages for ${PAGES} with ${fetches.interrupted} interrupted attempt(s)`,
  );
  assert.ok(fetches.resumedPages >= 4, `the retried fetch kept ${fetches.resumedPages} stored pages`);
  const docs = await inventory(store.db, 'servers', id);
  assert.equal(docs.length, DROPLETS);
  assert.equal(new Set(docs.map((d) => d.unique_id)).size, DROPLETS);
});
