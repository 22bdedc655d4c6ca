// A worker killed in the middle of a GCP listing: a new worker process finishes the crawl, resuming the
// fetch from the heartbeated nextPageToken instead of the project's first page.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Config } from '../../config/index.js';
import { openStore, type Store } from '../../store/index.js';
import { CrawlClient } from '../../temporal/crawl-client.js';
import { seedMaestroConnection } from '../harness/connections.js';
import { testConfig } from '../harness/crawl-env.js';
import { startGcpTestWorld, type GcpTestWorld } from '../harness/gcp-world.js';
import { inventory } from '../harness/inventory.js';
import { decodeToken } from '../../tooling/fakes/kit.js';

const INSTANCES = 60;
const PAGE = 3;
const PAGES = INSTANCES / PAGE;
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

let w: GcpTestWorld;
let config: Config;
let store: Store;
let client: CrawlClient;
const workers: ChildProcess[] = [];

/** A real worker process (worker/main.ts), as in production, pointed at the fake. */
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
      GCP_ENDPOINT_URL: w.gcp.endpoint,
      MAESTRO_SCAN_QTD: String(PAGE),
      MAESTRO_TRANSLATE_QTD: '30',
      // A fresh worker's first GCP fetch loads @google-cloud/compute (a large proto tree: seconds of
      // blocked event loop on a busy machine), which can miss a short heartbeat timeout once per
      // process: the attempts spent on that are allowed for.
      DISCOVERY_HEARTBEAT_TIMEOUT_SECONDS: '5',
      DISCOVERY_FETCH_MAX_ATTEMPTS: '10',
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

const served = (): number =>
  w.gcp.fake.requests.filter((r) => r.route === 'aggregated/instances' && r.status === 200).length;

async function until(what: string, probe: () => boolean, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what} (${served()} pages served)`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

before(async () => {
  w = await startGcpTestWorld({ instances: INSTANCES });
  config = testConfig('gcp-crash');
  store = await openStore(config);
  client = await CrawlClient.connect(config);
});
after(async () => {
  workers.forEach(kill);
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

  const first = await startWorker();
  const started = await client.start({ connectionId: id, task: 'server-list' });
  // Kill in the middle of the second fetch (its 7th page).
  await until('17 pages served', () => served() >= 17);
  kill(first);
  const beforeCrash = served();

  await startWorker();
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

  let resumed = 0;
  for await (const exec of client.client.workflow.list({
    query: `WorkflowId STARTS_WITH "${started.workflowId}:"`,
  })) {
    const history = await client.handle(exec.workflowId, exec.runId).fetchHistory();
    for (const e of history.events ?? []) {
      const payload = e.activityTaskCompletedEventAttributes?.result?.payloads?.[0]?.data;
      const text = payload ? Buffer.from(payload).toString() : '';
      if (text.includes('resumedPages'))
        resumed = Math.max(resumed, (JSON.parse(text) as { resumedPages: number }).resumedPages);
    }
  }
  assert.ok(resumed >= 3, `the retried fetch kept ${resumed} heartbeated pages`);
  const docs = await inventory(store.db, 'servers', id);
  assert.equal(docs.length, INSTANCES);
  assert.equal(new Set(docs.map((d) => d.unique_id)).size, INSTANCES);
});
