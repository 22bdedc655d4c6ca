// security-list against moto over the wire: seeded security groups compared with a golden file
// (spec §6.5, family SecurityGroup), and DescribeSecurityGroups paged through the EC2 paging proxy
// (moto does not page it).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CreateVpcCommand } from '@aws-sdk/client-ec2';
import { ec2 } from '../harness/aws-seed.js';
import { seedSecurityGroups } from '../harness/aws-seed-ec2.js';
import { assertEc2Golden, uniqueIds } from '../harness/ec2-golden.js';
import { ec2TaskSuite } from '../harness/ec2-suite.js';

const REGION = 'eu-central-1';

/** A VPC of our own with 12 security groups (besides its default one and the default VPC's). */
async function seed(endpoint: string): Promise<string[]> {
  const client = ec2(endpoint, REGION);
  const vpc = await client.send(new CreateVpcCommand({ CidrBlock: '10.20.0.0/16' }));
  client.destroy();
  return seedSecurityGroups(endpoint, REGION, vpc.Vpc?.VpcId as string, 12);
}

void describe('security-list against moto', () => {
  const suite = ec2TaskSuite(REGION, seed);

  void test('ec2.describeSecurityGroups: family SecurityGroup, the seeded groups match the golden file', async () => {
    const got = await suite.direct('ec2.describeSecurityGroups');
    const ids = uniqueIds(got.records);
    for (const id of suite.seeded) assert.ok(ids.has(id), `${id} listed`);
    // The seeded ones plus the default group of each VPC (moto's default VPC and ours).
    assert.equal(got.records.length, suite.seeded.length + 2);
    for (const r of got.records) {
      assert.equal(r.family, 'SecurityGroup');
      assert.equal(r.active, true);
      assert.equal('status' in r, false, 'a security group has no state');
    }
    assertEc2Golden('ec2-security-groups', got.records, suite.seeded.slice(0, 3));
  });

  void test('DescribeSecurityGroups pages with MaxResults/NextToken: 14 groups in pages of 5', async () => {
    const paged = await suite.paged('ec2.describeSecurityGroups', 5);
    assert.deepEqual(paged.pageSizes, [5, 5, 4]);
    const ids = uniqueIds(paged.records);
    for (const id of suite.seeded) assert.ok(ids.has(id), `${id} listed`);
    assert.deepEqual(
      suite.proxy.requests.map((r) => r.params.get('MaxResults')),
      ['5', '5', '5'],
    );
  });
});
