// A real worker process (worker/main.ts) killed mid-listing of an Azure subscription: a new worker
// completes the crawl, its fetch resuming from the heartbeated nextLink instead of the first page.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Config } from '../../core/config.js';
import { openStore, type Store } from '../../store/index.js';
import { CrawlClient } from '../../temporal/crawl-client.js';
import type { FakeArm } from '../../tooling/fakes/azure/arm.js';
import { AZ_CLIENT, AZ_SECRET, AZ_SUB1, AZ_TENANT, startAzureFake } from '../harness/azure.js';
import { seedMaestroConnection } from '../harness/connections.js';
import { testConfig } from '../harness/crawl-env.js';
import { inventory } from '../harness/inventory.js';
import { fetchAttempts, until, WorkerProcesses } from '../harness/worker-process.js';

const DISKS = 100;
const PAGE = 5;
const PAGES = DISKS / PAGE;

let fake: FakeArm;
let config: Config;
let store: Store;
let client: CrawlClient;
let workers: WorkerProcesses;

const diskPages = () => fake.server.requests.filter((r) => r.route === 'disks' && r.status === 200);

before(async () => {
  fake = await startAzureFake({ subscriptions: [AZ_SUB1], perKind: DISKS, pageSize: PAGE });
  config = testConfig('az-crash');
  store = await openStore(config);
  client = await CrawlClient.connect(config);
  workers = new WorkerProcesses(config, {
    AZURE_AUTHORITY_HOST: fake.authorityHost,
    AZURE_ARM_ENDPOINT: fake.url,
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

void test('an Azure listing killed mid-way resumes from the stored nextLink on a new worker', async () => {
  const id = await seedMaestroConnection(store.db, {
    provider: 'Azure',
    service: 'sub_azure',
    regions: ['all'],
    secretJwt: config.secretJwt,
    credentials: { client: AZ_CLIENT, secret: AZ_SECRET, tenant: AZ_TENANT, sub: AZ_SUB1 },
  });
  fake.server.inject({ match: 'disks', delayMs: 400 });

  const first = await workers.start();
  const started = await client.start({ connectionId: id, task: 'volumes-list' });
  // 10 pages per fetch (50 / 5): kill in the middle of the second fetch.
  await until(
    '17 pages served',
    () => diskPages().length >= 17,
    () => `${diskPages().length} disk pages`,
  );
  workers.kill(first);
  const servedBeforeCrash = diskPages().length;

  await workers.start();
  const result = await client.result(started.workflowId);
  assert.equal(result.status, 'completed');
  assert.equal(result.totals.created, DISKS);
  const served = diskPages();
  const fetches = await fetchAttempts(client, started.workflowId);
  console.log(
    `# disk pages served: ${served.length} for ${PAGES} (killed after ${servedBeforeCrash}); ` +
      `${fetches.interrupted} fetch attempt(s) interrupted, ${fetches.resumedPages} pages kept`,
  );
  // The listing started from its first page (no $skiptoken) exactly once: the retried fetch asked ARM
  // for a stored nextLink, not for the subscription's disks from the start.
  assert.equal(served.filter((r) => !r.query.includes('skiptoken')).length, 1, 'one first page only');
  // A retried fetch goes on after the last page the killed attempt stored (activities/fetch.ts), so
  // each interrupted attempt costs at most the one page whose request was in flight. (Resuming from the
  // last heartbeat alone — the SDK sends one per 2.4 s at a 3 s timeout, ~6 pages of 400 ms here —
  // re-requested up to 9 pages: 29 for 20.)
  assert.ok(fetches.interrupted >= 1, 'the kill interrupted a fetch');
  assert.ok(
    served.length <= PAGES + fetches.interrupted,
    `served ${served.length} pages for ${PAGES} with ${fetches.interrupted} interrupted attempt(s)`,
  );
  const docs = await inventory(store.db, 'volumes', id);
  assert.equal(docs.length, DISKS);
  assert.equal(new Set(docs.map((d) => d.unique_id)).size, DISKS);
});
