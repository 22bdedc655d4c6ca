// A real worker process killed in the middle of a DigitalOcean listing (droplets, `links.pages.next`
// paging): a new worker completes the crawl, its fetch going on from the last stored page link
// instead of the first page.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startDoFake, type DoFake } from '../../tooling/fakes/digitalocean/fake.js';
import { seedMaestroConnection } from '../harness/connections.js';
import { inventory } from '../harness/inventory.js';
import { assertBoundedResume, killMidListing, workerKillSuite } from '../harness/worker-process.js';

const DROPLETS = 100;
const PAGE = 5;

let fake: DoFake;
const suite = workerKillSuite(
  'do-kill',
  async () => {
    fake = await startDoFake({ count: { droplets: DROPLETS } });
    return { DIGITALOCEAN_API_URL: fake.url, MAESTRO_SCAN_QTD: String(PAGE), MAESTRO_TRANSLATE_QTD: '50' };
  },
  () => fake?.close(),
);

const dropletPages = () => fake.requests.filter((r) => r.route === 'droplets' && r.status === 200);

void test('a worker killed mid-listing: a new worker completes the crawl from the stored page link', async () => {
  const id = await seedMaestroConnection(suite.store.db, {
    provider: 'Digital Ocean',
    service: 'token_do',
    regions: ['all'],
    dc: 'DigitalOcean',
    secretJwt: suite.config.secretJwt,
    credentials: { token: fake.token },
  });
  // Slow pages, so the kill lands inside a fetch (10 pages per fetch: 50 / 5): mid second fetch.
  fake.inject({ match: 'droplets', delayMs: 400 });
  const killed = await killMidListing({
    ...suite,
    connectionId: id,
    task: 'server-list',
    served: () => dropletPages().length,
    killAfter: 17,
  });
  assert.equal(killed.result.status, 'completed', JSON.stringify(killed.result.scopes));
  assert.equal(killed.result.totals.created, DROPLETS);
  const served = dropletPages();
  const page = (query: string) => Number(new URLSearchParams(query).get('page') ?? 1);
  assertBoundedResume('droplet pages', killed, {
    served: served.length,
    pages: DROPLETS / PAGE,
    minKept: 4,
    firstPages: served.filter((r) => page(r.query) === 1).length,
  });
  const docs = await inventory(suite.store.db, 'servers', id);
  assert.equal(new Set(docs.map((d) => d.unique_id)).size, DROPLETS);
});
