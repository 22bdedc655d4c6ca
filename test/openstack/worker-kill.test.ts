// A real worker process killed in the middle of an OpenStack listing (Nova `/servers/detail`, marker
// paging, real Keystone): a new worker completes the crawl, its fetch going on from the last stored
// marker instead of the region's first page.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inventory } from '../harness/inventory.js';
import { seedOpenStackConnection, startOpenStackEnv, type OpenStackEnv } from '../harness/openstack-env.js';
import { assertBoundedResume, killMidListing, workerKillSuite } from '../harness/worker-process.js';

const SERVERS = 100;
const PAGE = 5;

let os: OpenStackEnv;
const suite = workerKillSuite(
  'os-kill',
  async () => {
    os = await startOpenStackEnv({ regions: ['RegionOne'], counts: { servers: SERVERS } });
    return { MAESTRO_SCAN_QTD: String(PAGE), MAESTRO_TRANSLATE_QTD: '50' };
  },
  () => os?.stop(),
);

const serverPages = () =>
  os.fake.server.requests.filter((r) => r.route === 'nova-servers' && r.status === 200);

void test('a worker killed mid-listing: a new worker completes the crawl from the stored marker', async () => {
  const id = await seedOpenStackConnection(suite.store.db, os, { secretJwt: suite.config.secretJwt });
  // Slow pages, so the kill lands inside a fetch (10 pages per fetch: 50 / 5): mid second fetch.
  os.fake.server.inject({ match: 'nova-servers', delayMs: 400 });
  const killed = await killMidListing({
    ...suite,
    connectionId: id,
    task: 'server-list',
    served: () => serverPages().length,
    killAfter: 17,
  });
  assert.equal(killed.result.status, 'completed', JSON.stringify(killed.result.scopes));
  assert.equal(killed.result.totals.created, SERVERS);
  const served = serverPages();
  assertBoundedResume('Nova server pages', killed, {
    served: served.length,
    pages: SERVERS / PAGE,
    minKept: 4,
    firstPages: served.filter((r) => !r.query.includes('marker')).length,
  });
  const docs = await inventory(suite.store.db, 'servers', id);
  assert.equal(new Set(docs.map((d) => d.unique_id)).size, SERVERS);
});
