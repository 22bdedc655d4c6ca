// A worker killed in the middle of a GCP listing: a new worker process finishes the crawl, resuming the
// fetch from the heartbeated nextPageToken instead of the project's first page.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Config } from '../../config/index.js';
import { openStore, type Store } from '../../store/index.js';
import { CrawlClient } from '../../temporal/crawl-client.js';
import { seedMaestroConnection } from '../harness/connections.js';
import { testConfig } from '../harness/crawl-env.js';
import { startGcpTestWorld, type GcpTestWorld } from '../harness/gcp-world.js';
import { inventory } from '../harness/inventory.js';
import { fetchAttempts, until, WorkerProcesses } from '../harness/worker-process.js';
import { decodeToken } from '../../tooling/fakes/kit.js';

const INSTANCES = 60;
const PAGE = 3;
const PAGES = INSTANCES / PAGE;

let w: GcpTestWorld;
let config: Config;
let store: Store;
let client: CrawlClient;
let workers: WorkerProcesses;

const served = (): number =>
  w.gcp.fake.requests.filter((r) => r.route === 'aggregated/instances' && r.status === 200).length;

before(async () => {
  w = await startGcpTestWorld({ instances: INSTANCES });
  config = testConfig('gcp-crash');
  store = await openStore(config);
  client = await CrawlClient.connect(config);
  workers = new WorkerProcesses(config, {
    GCP_ENDPOINT_URL: w.gcp.endpoint,
    MAESTRO_SCAN_QTD: String(PAGE),
    MAESTRO_TRANSLATE_QTD: '30',
    // A fresh worker's first GCP fetch loads @google-cloud/compute (a large proto tree: seconds of
    // blocked event loop on a busy machine), which can miss a short heartbeat timeout once per
    // process: the attempts spent on that are allowed for.
    DISCOVERY_HEARTBEAT_TIMEOUT_SECONDS: '5',
    DISCOVERY_FETCH_MAX_ATTEMPTS: '10',
  });
});
after(async () => {
  workers?.killAll();
  await client?.close();
  await store?.db.dropDatabase();
  await store?.close();
  await w?.gcp.close();
});

void test('a worker killed mid-listing: a new worker completes the crawl from the heartbeated page token', async () => {
  const id = await seedMaestroConnection(store.db, {
    provider: 'GCP',
    service: 'sa_gcp',
    regions: ['all'],
    dc: 'Acme GCP',
    secretJwt: config.secretJwt,
    credentials: { credentials: JSON.stringify(w.key), project: 'acme-prod' },
  });
  // Slow pages, so the kill lands inside a fetch (10 pages per fetch: 30 / 3).
  w.gcp.fake.inject({ match: 'aggregated/instances', delayMs: 500 });

  const first = await workers.start();
  const started = await client.start({ connectionId: id, task: 'server-list' });
  // Kill in the middle of the second fetch (its 7th page).
  await until(
    '17 pages served',
    () => served() >= 17,
    () => `${served()} pages served`,
  );
  workers.kill(first);
  const beforeCrash = served();

  await workers.start();
  const result = await client.result(started.workflowId);
  assert.equal(result.status, 'completed', JSON.stringify(result.scopes.map((sc) => sc.error)));
  assert.equal(result.totals.created, INSTANCES);
  // The fake's page tokens are offsets (kit encodeToken): the second fetch began at offset 30 (page 11).
  // Its retry on the new worker must start from a later, heartbeated page, never from offset 30 again
  // nor from the listing's first page.
  const after = w.gcp.fake.requests
    .filter((r) => r.route === 'aggregated/instances')
    .slice(beforeCrash)
    .map((r) => decodeToken(new URLSearchParams(r.query).get('pageToken')));
  console.log(
    `# pages served: ${served()} for ${PAGES} (killed after ${beforeCrash}); offsets after: ${after.join(',')}`,
  );
  assert.ok(after.length > 0);
  assert.ok(
    after.every((offset) => offset > 30),
    `the retried fetch resumed past its first page: ${after.join(',')}`,
  );

  const fetches = await fetchAttempts(client, started.workflowId);
  console.log(`# ${fetches.interrupted} fetch attempt(s) interrupted, ${fetches.resumedPages} pages kept`);
  // A retried fetch goes on after the last page an interrupted attempt stored (activities/fetch.ts):
  // each interrupted attempt costs at most the one page whose request was in flight.
  assert.ok(fetches.interrupted >= 1, 'the kill interrupted a fetch');
  assert.ok(
    served() <= PAGES + fetches.interrupted,
    `served ${served()} pages for ${PAGES} with ${fetches.interrupted} interrupted attempt(s)`,
  );
  assert.ok(fetches.resumedPages >= 3, `the retried fetch kept ${fetches.resumedPages} stored pages`);
  const docs = await inventory(store.db, 'servers', id);
  assert.equal(docs.length, INSTANCES);
  assert.equal(new Set(docs.map((d) => d.unique_id)).size, INSTANCES);
});
