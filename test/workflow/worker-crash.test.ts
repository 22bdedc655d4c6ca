// A real worker process (worker/main.ts) killed mid-crawl of an AWS region on moto: a new worker
// completes it, the fetch going on from the last stored page, and the inventory is the same as an
// undisturbed crawl's.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Config } from '../../config/index.js';
import { resetMoto, seedSeparateInstances } from '../harness/aws-seed.js';
import { seedMaestroAwsConnection } from '../harness/connections.js';
import { startFaultProxy, type FaultProxy } from '../harness/fault-proxy.js';
import { inventory } from '../harness/inventory.js';
import { assertBoundedResume, killMidListing, workerKillSuite } from '../harness/worker-process.js';

const REGION = 'ap-southeast-2';
const INSTANCES = 100;
const PAGE = 5;

let proxy: FaultProxy;
const suite = workerKillSuite(
  'crash',
  async (config: Config) => {
    await resetMoto(config.providers.aws.endpoint);
    proxy = await startFaultProxy(config.providers.aws.endpoint);
    await seedSeparateInstances(config.providers.aws.endpoint, REGION, INSTANCES);
    return { AWS_ENDPOINT_URL: proxy.url, MAESTRO_SCAN_QTD: String(PAGE), MAESTRO_TRANSLATE_QTD: '50' };
  },
  () => proxy?.close(),
);

void test('a worker killed mid-crawl: a new worker completes it, resuming the fetch from its last stored page', async () => {
  const crashed = await seedMaestroAwsConnection(suite.store.db, {
    regions: [REGION],
    secretJwt: suite.config.secretJwt,
  });
  const calm = await seedMaestroAwsConnection(suite.store.db, {
    regions: [REGION],
    secretJwt: suite.config.secretJwt,
  });
  proxy.delayMs.set('DescribeInstances', 500);

  const killed = await killMidListing({
    ...suite,
    connectionId: crashed,
    task: 'server-list',
    served: () => proxy.count(REGION, 'DescribeInstances'),
    // 10 pages per fetch (50 / 5): the middle of the second fetch.
    killAfter: 17,
  });
  assert.equal(killed.result.status, 'completed');
  assert.equal(killed.result.totals.created, INSTANCES);
  // Without any resume the second fetch restarts from its first page: 27+ pages in all.
  assertBoundedResume('DescribeInstances pages', killed, {
    served: proxy.count(REGION, 'DescribeInstances'),
    pages: INSTANCES / PAGE,
    minKept: 4,
  });

  // The same account crawled without disturbance gives the same inventory. One document per
  // unique_id (Maestro's servers_unique, docs/maestro.md): the crashed crawl's are removed first, or
  // the calm connection (another tenant) would meet them as conflicts.
  const a = await inventory(suite.store.db, 'servers', crashed);
  assert.equal(a.length, INSTANCES);
  await suite.store.db.collection('servers').deleteMany({ connection_id: crashed });
  proxy.delayMs.clear();
  const undisturbed = await suite.client.start({ connectionId: calm, task: 'server-list' });
  assert.equal((await suite.client.result(undisturbed.workflowId)).status, 'completed');
  const b = await inventory(suite.store.db, 'servers', calm);
  // Everything but what differs by connection (ids, ownership, datacenter) and by time.
  const content = ({
    unique_id,
    active,
    status,
    ipv4_private,
    storage,
    created_at,
    datacenters,
  }: Record<string, unknown>) => ({
    unique_id,
    active,
    status,
    ipv4_private,
    storage,
    created_at,
    zone: (datacenters as { zone?: string }).zone,
    instance: (datacenters as { instance?: string }).instance,
  });
  assert.deepEqual(a.map(content), b.map(content));
});
