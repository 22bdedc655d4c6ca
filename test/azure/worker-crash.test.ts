// A real worker process (worker/main.ts) killed mid-listing of an Azure subscription: a new worker
// completes the crawl, its fetch resuming from the heartbeated nextLink instead of the first page.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Config } from '../../core/config.js';
import { openStore, type Store } from '../../store/index.js';
import { CrawlClient } from '../../temporal/crawl-client.js';
import type { FakeArm } from '../../tooling/fakes/azure/arm.js';
import { AZ_CLIENT, AZ_SECRET, AZ_SUB1, AZ_TENANT, startAzureFake } from '../harness/azure.js';
import { seedMaestroConnection } from '../harness/connections.js';
import { testConfig } from '../harness/crawl-env.js';
import { inventory } from '../harness/inventory.js';

const DISKS = 100;
const PAGE = 5;
const PAGES = DISKS / PAGE;
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

let fake: FakeArm;
let config: Config;
let store: Store;
let client: CrawlClient;
const workers: ChildProcess[] = [];

/** A real worker process, as in production, pointed at the fake ARM server. */
async function startWorker(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'worker/main.ts'], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      MONGODB_URI: config.mongoUri,
      MAESTRO_MONGO_DATABASE: config.mongoDatabase,
      TEMPORAL_ADDRESS: config.temporalAddress,
      TEMPORAL_TASK_QUEUE: config.taskQueue,
      AZURE_AUTHORITY_HOST: fake.authorityHost,
      AZURE_ARM_ENDPOINT: fake.url,
      MAESTRO_TRANSLATE_QTD: '50',
      DISCOVERY_HEARTBEAT_TIMEOUT_SECONDS: '3',
      DISCOVERY_FETCH_MAX_ATTEMPTS: '5',
    },
  });
  workers.push(child);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('worker did not start in 60 s')), 60_000);
    child.stdout?.on('data', (d: Buffer) => {
      if (d.toString().includes('discovery worker: task queue')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr?.on('data', (d: Buffer) => process.env.DEBUG_WORKER && process.stderr.write(d));
    child.on('exit', (code) => reject(new Error(`worker exited during start (${code})`)));
  });
  return child;
}

function kill(child: ChildProcess): void {
  if (!child.pid || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

const diskPages = () => fake.server.requests.filter((r) => r.route === 'disks' && r.status === 200);

async function until(what: string, probe: () => boolean, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what} (${diskPages().length} disk pages)`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

before(async () => {
  fake = await startAzureFake({ subscriptions: [AZ_SUB1], perKind: DISKS, pageSize: PAGE });
  config = testConfig('az-crash');
  store = await openStore(config);
  client = await CrawlClient.connect(config);
});
after(async () => {
  workers.forEach(kill);
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

  const first = await startWorker();
  const started = await client.start({ connectionId: id, task: 'volumes-list' });
  // 10 pages per fetch (50 / 5): kill in the middle of the second fetch.
  await until('17 pages served', () => diskPages().length >= 17);
  kill(first);
  const servedBeforeCrash = diskPages().length;

  await startWorker();
  const result = await client.result(started.workflowId);
  assert.equal(result.status, 'completed');
  assert.equal(result.totals.created, DISKS);
  const served = diskPages();
  console.log(`# disk pages served: ${served.length} for ${PAGES} (killed after ${servedBeforeCrash})`);
  // The listing started from its first page (no $skiptoken) exactly once: the retried fetch asked ARM
  // for the heartbeated nextLink, not for the subscription's disks from the start.
  assert.equal(served.filter((r) => !r.query.includes('skiptoken')).length, 1, 'one first page only');
  assert.ok(served.length <= PAGES + 5, `served ${served.length} pages for ${PAGES}: the fetch resumed`);
  const docs = await inventory(store.db, 'volumes', id);
  assert.equal(docs.length, DISKS);
  assert.equal(new Set(docs.map((d) => d.unique_id)).size, DISKS);
});
