// snapshot-list against moto over the wire: seeded snapshots compared with a golden file (spec §6.5,
// `state_message` plain per §12.5), OwnerIds sent from MAESTRO_OWNERIDS, and DescribeSnapshots paged
// through the EC2 paging proxy (moto ignores MaxResults/NextToken and OwnerIds: it returns its ~1300
// built-in public snapshots too, so the golden file keeps only the seeded ones).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { collectKind } from '../harness/aws-kinds.js';
import { resetMoto } from '../harness/aws-seed.js';
import { seedSnapshots } from '../harness/aws-seed-ec2.js';
import { assertEc2Golden, uniqueIds } from '../harness/ec2-golden.js';
import { startEc2PagingProxy, type Ec2PagingProxy } from '../harness/ec2-paging-proxy.js';
import { requirePeers } from '../harness/env.js';

const peers = requirePeers();
const REGION = 'us-west-2';

void describe('snapshot-list against moto', () => {
  let seeded: string[];
  let proxy: Ec2PagingProxy;

  before(async () => {
    await resetMoto(peers.awsEndpoint);
    seeded = await seedSnapshots(peers.awsEndpoint, REGION, 6);
    proxy = await startEc2PagingProxy(peers.awsEndpoint);
  });
  after(async () => {
    await proxy.close();
  });

  void test('ec2.describeSnapshots: the seeded snapshots match the golden file', async () => {
    const got = await collectKind({
      endpoint: peers.awsEndpoint,
      command: 'ec2.describeSnapshots',
      region: REGION,
      pageSize: 1000,
    });
    const ids = uniqueIds(got.records);
    for (const id of seeded) assert.ok(ids.has(id), `${id} listed`);
    assertEc2Golden('ec2-snapshots', got.records, seeded.slice(0, 3));
  });

  void test('DescribeSnapshots pages (MaxResults 500) with OwnerIds ["self"]: nothing lost or repeated', async () => {
    const whole = await collectKind({
      endpoint: peers.awsEndpoint,
      command: 'ec2.describeSnapshots',
      region: REGION,
      pageSize: 1000,
    });
    proxy.requests.length = 0;
    const paged = await collectKind({
      endpoint: proxy.url,
      command: 'ec2.describeSnapshots',
      region: REGION,
      pageSize: 500,
    });
    assert.equal(paged.pages, Math.ceil(whole.records.length / 500));
    assert.ok(paged.pages > 1, `${paged.pages} pages`);
    assert.deepEqual([...uniqueIds(paged.records)].sort(), [...uniqueIds(whole.records)].sort());
    assert.equal(proxy.requests.length, paged.pages);
    for (const r of proxy.requests) {
      assert.equal(r.params.get('Owner.1'), 'self');
      assert.equal(r.params.get('Owner.2'), null);
      assert.equal(r.params.get('MaxResults'), '500');
    }
  });
});
