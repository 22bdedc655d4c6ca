// A worker process killed in the middle of a file source's listing: a new worker completes the crawl,
// resuming from the heartbeated page token (the artifact index and the items already read of it), so
// the artifacts read before the kill are not downloaded again.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Config } from '../../config/index.js';
import { openStore, type Store } from '../../store/index.js';
import { CrawlClient } from '../../temporal/crawl-client.js';
import { startUploadFake, type UploadFake } from '../../tooling/fakes/files/upload.js';
import { seedMaestroConnection } from '../harness/connections.js';
import { testConfig } from '../harness/crawl-env.js';
import { inventory } from '../harness/inventory.js';
import { until, WorkerProcesses } from '../harness/worker-process.js';

const FILES = 8;
const PER_FILE = 5;
const PAGE = 5;

let config: Config;
let store: Store;
let client: CrawlClient;
let upload: UploadFake;
let workers: WorkerProcesses;

function state(file: number): string {
  const instances = Array.from({ length: PER_FILE }, (_, i) => ({
    index_key: i,
    attributes: {
      id: `i-${String(file).padStart(3, '0')}${String(i).padStart(14, '0')}`,
      private_ip: `10.0.${file}.${i}`,
    },
  }));
  return JSON.stringify({
    version: 4,
    resources: [{ mode: 'managed', type: 'aws_instance', name: `f${file}`, instances }],
  });
}

const downloads = (name: string) =>
  upload.requests.filter(
    (r) => r.route === 'upload-file' && new URLSearchParams(r.query).get('filename') === name,
  ).length;

before(async () => {
  config = testConfig('files-kill');
  const files = Object.fromEntries(Array.from({ length: FILES }, (_, f) => [`s${f}.tfstate`, state(f)]));
  upload = await startUploadFake({ secret: config.secretJwtPrivate, noauth: config.noauth, files });
  store = await openStore(config);
  client = await CrawlClient.connect(config);
  workers = new WorkerProcesses(config, {
    MAESTRO_SERVER_URI: upload.url,
    MAESTRO_SECRETJWT_PRIVATE: config.secretJwtPrivate,
    MAESTRO_NOAUTH: config.noauth,
    MAESTRO_SCAN_QTD: String(PAGE),
    MAESTRO_TRANSLATE_QTD: '50',
  });
});
after(async () => {
  workers?.killAll();
  await client?.close();
  await store?.db.dropDatabase();
  await store?.close();
  await upload?.close();
});

void test('a worker killed mid-listing: a new worker resumes from the stored token, re-reading no earlier file', async () => {
  const id = await seedMaestroConnection(store.db, {
    provider: 'Terraform',
    service: 'upload_terraform',
    credentials: { artifacts: Array.from({ length: FILES }, (_, f) => `s${f}.tfstate`) },
    regions: ['all'],
    secretJwt: config.secretJwt,
  });
  // Slow downloads, so the kill lands mid-listing.
  upload.inject({ match: 'upload-file', delayMs: 700 });
  const first = await workers.start();
  const started = await client.start({ connectionId: id, task: 'server-list' });
  await until('the fourth file', () => downloads('s3.tfstate') > 0);
  workers.kill(first);
  await workers.start();
  const result = await client.result(started.workflowId);
  assert.equal(result.status, 'completed');
  assert.equal(result.totals.created, FILES * PER_FILE);
  const docs = await inventory(store.db, 'servers', id);
  assert.equal(docs.length, FILES * PER_FILE);
  // The files before the last heartbeated token are never downloaded again (a restart from scratch
  // would fetch s0 and s1 twice). Heartbeats are throttled, and a retry attempt may itself be cut by
  // the heartbeat timeout while the new worker starts, so files after the token can be read twice.
  assert.equal(downloads('s0.tfstate'), 1, 's0 read once');
  assert.equal(downloads('s1.tfstate'), 1, 's1 read once');
  for (let f = 0; f < FILES; f++) assert.ok(downloads(`s${f}.tfstate`) >= 1);
  const total = Array.from({ length: FILES }, (_, f) => downloads(`s${f}.tfstate`)).reduce(
    (a, b) => a + b,
    0,
  );
  console.log(`# ${total} downloads for ${FILES} files`);
  assert.ok(total < 2 * FILES, `${total} downloads for ${FILES} files`);
});
