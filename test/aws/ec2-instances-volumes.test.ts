// server-list and volumes-list against moto over the wire: seeded instances and volumes compared with
// golden files (spec §6.5 "Servers" and "Volumes", with the §12 fixes: CreateTime, false and 0 kept,
// cpu/memory from DescribeInstanceTypes), and DescribeInstances paged (moto counts MaxResults in
// reservations: one instance per reservation here).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { seedRegion, seedSeparateInstances } from '../harness/aws-seed.js';
import { assertEc2Golden, assertSameResources, uniqueIds } from '../harness/ec2-golden.js';
import { ec2TaskSuite } from '../harness/ec2-suite.js';

const REGION = 'ca-central-1';

void describe('server-list and volumes-list against moto', () => {
  const suite = ec2TaskSuite(REGION, async (endpoint) => {
    const seeded = await seedRegion(endpoint, REGION, 3, 3);
    const separate = await seedSeparateInstances(endpoint, REGION, 7);
    return { ...seeded, separate };
  });

  void test('ec2.describeInstances: the seeded instances match the golden file', async () => {
    const got = await suite.direct('ec2.describeInstances');
    const ids = uniqueIds(got.records);
    for (const id of suite.seeded.instanceIds) assert.ok(ids.has(id), `${id} listed`);
    // moto draws addresses and attach times at random: masked, the rest of the record is exact.
    assertEc2Golden('ec2-instances', got.records, suite.seeded.instanceIds, [
      'ipv4_private',
      'ipv4_public',
      'dns_public',
      'dns_private',
      'attach_time',
    ]);
  });

  void test('ec2.describeVolumes: the seeded volumes match the golden file', async () => {
    const got = await suite.direct('ec2.describeVolumes');
    const ids = uniqueIds(got.records);
    for (const id of suite.seeded.volumeIds) assert.ok(ids.has(id), `${id} listed`);
    assertEc2Golden('ec2-volumes', got.records, suite.seeded.volumeIds);
  });

  void test('DescribeInstances pages of 5 reservations: nothing lost or repeated', async () => {
    const whole = await suite.direct('ec2.describeInstances', 1000);
    const paged = await suite.direct('ec2.describeInstances', 5);
    assert.ok(paged.pages > 1, `${paged.pages} pages`);
    assertSameResources(paged.records, whole.records);
  });
});
