// A real worker process (worker/main.ts) killed mid-listing of an Azure subscription: a new worker
// completes the crawl, its fetch resuming from a stored nextLink instead of the first page.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FakeArm } from '../../tooling/fakes/azure/arm.js';
import { AZ_CLIENT, AZ_SECRET, AZ_SUB1, AZ_TENANT, startAzureFake } from '../harness/azure.js';
import { seedMaestroConnection } from '../harness/connections.js';
import { inventory } from '../harness/inventory.js';
import { assertBoundedResume, killMidListing, workerKillSuite } from '../harness/worker-process.js';

const DISKS = 100;
const PAGE = 5;

let fake: FakeArm;
const suite = workerKillSuite(
  'az-crash',
  async () => {
    fake = await startAzureFake({ subscriptions: [AZ_SUB1], perKind: DISKS, pageSize: PAGE });
    return {
      AZURE_AUTHORITY_HOST: fake.authorityHost,
      AZURE_ARM_ENDPOINT: fake.url,
      MAESTRO_TRANSLATE_QTD: '50',
    };
  },
  () => fake?.close(),
);

const diskPages = () => fake.server.requests.filter((r) => r.route === 'disks' && r.status === 200);

void test('an Azure listing killed mid-way resumes from the stored nextLink on a new worker', async () => {
  const id = await seedMaestroConnection(suite.store.db, {
    provider: 'Azure',
    service: 'sub_azure',
    regions: ['all'],
    secretJwt: suite.config.secretJwt,
    credentials: { client: AZ_CLIENT, secret: AZ_SECRET, tenant: AZ_TENANT, sub: AZ_SUB1 },
  });
  // Slow pages, so the kill lands inside a fetch (10 pages per fetch: 50 / 5): mid second fetch.
  fake.server.inject({ match: 'disks', delayMs: 400 });
  const killed = await killMidListing({
    ...suite,
    connectionId: id,
    task: 'volumes-list',
    served: () => diskPages().length,
    killAfter: 17,
  });
  assert.equal(killed.result.status, 'completed');
  assert.equal(killed.result.totals.created, DISKS);
  const served = diskPages();
  // Before the fetch went on over stored pages: 29 pages for 20 (the last delivered heartbeat was up
  // to ~6 pages of 400 ms behind, and the new worker's first attempt timed out once more).
  assertBoundedResume('disk pages', killed, {
    served: served.length,
    pages: DISKS / PAGE,
    minKept: 4,
    // The first page is the one without a $skiptoken.
    firstPages: served.filter((r) => !r.query.includes('skiptoken')).length,
  });
  const docs = await inventory(suite.store.db, 'volumes', id);
  assert.equal(docs.length, DISKS);
  assert.equal(new Set(docs.map((d) => d.unique_id)).size, DISKS);
});
