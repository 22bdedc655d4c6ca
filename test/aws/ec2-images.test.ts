// images-list against moto over the wire: seeded AMIs (CreateImage) compared with a golden file
// (spec §6.5), Owners sent from MAESTRO_OWNERIDS, and DescribeImages paged through the EC2 paging proxy
// (moto does not page DescribeImages).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { collectKind } from '../harness/aws-kinds.js';
import { resetMoto } from '../harness/aws-seed.js';
import { seedImages } from '../harness/aws-seed-ec2.js';
import { assertEc2Golden, uniqueIds } from '../harness/ec2-golden.js';
import { startEc2PagingProxy, type Ec2PagingProxy } from '../harness/ec2-paging-proxy.js';
import { requirePeers } from '../harness/env.js';

const peers = requirePeers();
const REGION = 'ap-southeast-2';

void describe('images-list against moto', () => {
  let seeded: string[];
  let proxy: Ec2PagingProxy;

  before(async () => {
    await resetMoto(peers.awsEndpoint);
    seeded = await seedImages(peers.awsEndpoint, REGION, 7);
    proxy = await startEc2PagingProxy(peers.awsEndpoint);
  });
  after(async () => {
    await proxy.close();
  });

  void test("ec2.describeImages lists the account's own AMIs (Owners self); the seeded ones match the golden file", async () => {
    const got = await collectKind({
      endpoint: peers.awsEndpoint,
      command: 'ec2.describeImages',
      region: REGION,
      pageSize: 1000,
    });
    // moto honours Owners=self: its built-in public AMIs are not listed.
    assert.deepEqual([...uniqueIds(got.records)].sort(), [...seeded].sort());
    assert.ok(got.records.every((r) => r.active === true && r.status === 'Available'));
    assertEc2Golden('ec2-images', got.records, seeded.slice(0, 3));
  });

  void test('DescribeImages pages with MaxResults/NextToken: 7 images in pages of 5', async () => {
    proxy.requests.length = 0;
    const paged = await collectKind({
      endpoint: proxy.url,
      command: 'ec2.describeImages',
      region: REGION,
      pageSize: 5,
    });
    assert.deepEqual(paged.pageSizes, [5, 2]);
    assert.deepEqual([...uniqueIds(paged.records)].sort(), [...seeded].sort());
    assert.deepEqual(
      proxy.requests.map((r) => [r.params.get('Owner.1'), r.params.get('MaxResults')]),
      [
        ['self', '5'],
        ['self', '5'],
      ],
    );
  });
});
