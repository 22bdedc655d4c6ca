// A worker killed in the middle of a GCP listing: a new worker process finishes the crawl, resuming the
// fetch from a stored nextPageToken instead of the project's first page.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeToken } from '../../tooling/fakes/kit.js';
import { seedMaestroConnection } from '../harness/connections.js';
import { startGcpTestWorld, type GcpTestWorld } from '../harness/gcp-world.js';
import { inventory } from '../harness/inventory.js';
import { assertBoundedResume, killMidListing, workerKillSuite } from '../harness/worker-process.js';

const INSTANCES = 60;
const PAGE = 3;

let w: GcpTestWorld;
const suite = workerKillSuite(
  'gcp-crash',
  async () => {
    w = await startGcpTestWorld({ instances: INSTANCES });
    return {
      GCP_ENDPOINT_URL: w.gcp.endpoint,
      MAESTRO_SCAN_QTD: String(PAGE),
      MAESTRO_TRANSLATE_QTD: '30',
      // A fresh worker's first GCP fetch loads @google-cloud/compute (a large proto tree: seconds of
      // blocked event loop on a busy machine), which can miss a short heartbeat timeout once per
      // process: the attempts spent on that are allowed for.
      DISCOVERY_HEARTBEAT_TIMEOUT_SECONDS: '5',
      DISCOVERY_FETCH_MAX_ATTEMPTS: '10',
    };
  },
  () => w?.gcp.close(),
);

const pages = () => w.gcp.fake.requests.filter((r) => r.route === 'aggregated/instances' && r.status === 200);

void test('a worker killed mid-listing: a new worker completes the crawl from a stored page token', async () => {
  const id = await seedMaestroConnection(suite.store.db, {
    provider: 'GCP',
    service: 'sa_gcp',
    regions: ['all'],
    dc: 'Acme GCP',
    secretJwt: suite.config.secretJwt,
    credentials: { credentials: JSON.stringify(w.key), project: 'acme-prod' },
  });
  // Slow pages, so the kill lands inside a fetch (10 pages per fetch: 30 / 3): mid second fetch.
  w.gcp.fake.inject({ match: 'aggregated/instances', delayMs: 500 });
  const killed = await killMidListing({
    ...suite,
    connectionId: id,
    task: 'server-list',
    served: () => pages().length,
    killAfter: 17,
  });
  const { result } = killed;
  assert.equal(result.status, 'completed', JSON.stringify(result.scopes.map((sc) => sc.error)));
  assert.equal(result.totals.created, INSTANCES);
  // The fake's page tokens are offsets (kit encodeToken): the second fetch began at offset 30 (page
  // 11). Its retries must start from a later, stored page, never from offset 30 again.
  const offsets = pages()
    .slice(killed.servedAtKill)
    .map((r) => decodeToken(new URLSearchParams(r.query).get('pageToken')));
  assert.ok(offsets.length > 0);
  assert.ok(
    offsets.every((offset) => offset > 30),
    `the retried fetch resumed past its first page: ${offsets.join(',')}`,
  );
  assertBoundedResume('aggregated instance pages', killed, {
    served: pages().length,
    pages: INSTANCES / PAGE,
    minKept: 3,
    // A worker's first attempt may time out while @google-cloud/compute loads (seconds of blocked event
    // loop on a busy machine) and go on for up to 80% of the 5 s heartbeat timeout before it learns of
    // it: 4 s of 500 ms pages. (So the first page may be requested twice too: not asserted here.)
    zombiePages: 8,
  });
  const docs = await inventory(suite.store.db, 'servers', id);
  assert.equal(docs.length, INSTANCES);
  assert.equal(new Set(docs.map((d) => d.unique_id)).size, INSTANCES);
});
