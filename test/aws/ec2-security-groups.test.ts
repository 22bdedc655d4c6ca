// security-list against moto over the wire: seeded security groups compared with a golden file
// (spec §6.5, family SecurityGroup), and DescribeSecurityGroups paged through the EC2 paging proxy
// (moto does not page it).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CreateVpcCommand } from '@aws-sdk/client-ec2';
import { collectKind } from '../harness/aws-kinds.js';
import { ec2, resetMoto } from '../harness/aws-seed.js';
import { seedSecurityGroups } from '../harness/aws-seed-ec2.js';
import { assertEc2Golden, uniqueIds } from '../harness/ec2-golden.js';
import { startEc2PagingProxy, type Ec2PagingProxy } from '../harness/ec2-paging-proxy.js';
import { requirePeers } from '../harness/env.js';

const peers = requirePeers();
const REGION = 'eu-central-1';

void describe('security-list against moto', () => {
  let seeded: string[];
  let proxy: Ec2PagingProxy;

  before(async () => {
    await resetMoto(peers.awsEndpoint);
    const client = ec2(peers.awsEndpoint, REGION);
    const vpc = await client.send(new CreateVpcCommand({ CidrBlock: '10.20.0.0/16' }));
    client.destroy();
    seeded = await seedSecurityGroups(peers.awsEndpoint, REGION, vpc.Vpc?.VpcId as string, 12);
    proxy = await startEc2PagingProxy(peers.awsEndpoint);
  });
  after(async () => {
    await proxy.close();
  });

  void test('ec2.describeSecurityGroups: family SecurityGroup, the seeded groups match the golden file', async () => {
    const got = await collectKind({
      endpoint: peers.awsEndpoint,
      command: 'ec2.describeSecurityGroups',
      region: REGION,
      pageSize: 1000,
    });
    const ids = uniqueIds(got.records);
    for (const id of seeded) assert.ok(ids.has(id), `${id} listed`);
    // The seeded ones plus the default group of each VPC (moto's default VPC and ours).
    assert.equal(got.records.length, seeded.length + 2);
    for (const r of got.records) {
      assert.equal(r.family, 'SecurityGroup');
      assert.equal(r.active, true);
      assert.equal('status' in r, false, 'a security group has no state');
    }
    assertEc2Golden('ec2-security-groups', got.records, seeded.slice(0, 3));
  });

  void test('DescribeSecurityGroups pages with MaxResults/NextToken: 14 groups in pages of 5', async () => {
    proxy.requests.length = 0;
    const paged = await collectKind({
      endpoint: proxy.url,
      command: 'ec2.describeSecurityGroups',
      region: REGION,
      pageSize: 5,
    });
    assert.deepEqual(paged.pageSizes, [5, 5, 4]);
    const ids = uniqueIds(paged.records);
    for (const id of seeded) assert.ok(ids.has(id), `${id} listed`);
    assert.deepEqual(
      proxy.requests.map((r) => r.params.get('MaxResults')),
      ['5', '5', '5'],
    );
  });
});
