// A worker process killed in the middle of a file source's listing: a new worker completes the crawl,
// resuming from the heartbeated page token (the artifact index and the items already read of it), so
// the artifacts read before the kill are not downloaded again.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startUploadFake, type UploadFake } from '../../tooling/fakes/files/upload.js';
import { seedMaestroConnection } from '../harness/connections.js';
import { inventory } from '../harness/inventory.js';
import { assertBoundedResume, killMidListing, workerKillSuite } from '../harness/worker-process.js';

const FILES = 8;
const PER_FILE = 5;
const PAGE = 5;

let upload: UploadFake;
const suite = workerKillSuite(
  'files-kill',
  async (config) => {
    const files = Object.fromEntries(Array.from({ length: FILES }, (_, f) => [`s${f}.tfstate`, state(f)]));
    upload = await startUploadFake({ secret: config.secretJwtPrivate, noauth: config.noauth, files });
    return {
      MAESTRO_SERVER_URI: upload.url,
      MAESTRO_SECRETJWT_PRIVATE: config.secretJwtPrivate,
      MAESTRO_NOAUTH: config.noauth,
      MAESTRO_SCAN_QTD: String(PAGE),
      MAESTRO_TRANSLATE_QTD: '50',
    };
  },
  () => upload?.close(),
);

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

void test('a worker killed mid-listing: a new worker resumes from the stored token, re-reading no earlier file', async () => {
  const id = await seedMaestroConnection(suite.store.db, {
    provider: 'Terraform',
    service: 'upload_terraform',
    credentials: { artifacts: Array.from({ length: FILES }, (_, f) => `s${f}.tfstate`) },
    regions: ['all'],
    secretJwt: suite.config.secretJwt,
  });
  // Slow downloads, so the kill lands mid-listing: one file per page (5 items), all in one fetch.
  upload.inject({ match: 'upload-file', delayMs: 700 });
  const total = () =>
    Array.from({ length: FILES }, (_, f) => downloads(`s${f}.tfstate`)).reduce((a, b) => a + b, 0);
  const killed = await killMidListing({
    ...suite,
    connectionId: id,
    task: 'server-list',
    served: total,
    // While the fourth file is read.
    killAfter: 4,
  });
  assert.equal(killed.result.status, 'completed');
  assert.equal(killed.result.totals.created, FILES * PER_FILE);
  const docs = await inventory(suite.store.db, 'servers', id);
  assert.equal(docs.length, FILES * PER_FILE);
  // The files read before the kill are not downloaded again (a restart from scratch would fetch s0
  // and s1 twice); each interrupted attempt re-reads at most the file it was reading.
  assert.equal(downloads('s0.tfstate'), 1, 's0 read once');
  assert.equal(downloads('s1.tfstate'), 1, 's1 read once');
  for (let f = 0; f < FILES; f++) assert.ok(downloads(`s${f}.tfstate`) >= 1);
  // zombiePages 1: on a loaded machine (CI on 2 cores) an attempt can time out on its 3 s heartbeat while
  // its worker lives and download one more file before it hears of it (seen once: 10 for 8, 1 attempt).
  assertBoundedResume('file downloads', killed, {
    served: total(),
    pages: FILES,
    minKept: 3,
    zombiePages: 1,
  });
});
