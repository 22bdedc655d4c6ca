// snapshot-list against moto over the wire: seeded snapshots compared with a golden file (spec §6.5,
// `state_message` plain per §12.5), OwnerIds sent from MAESTRO_OWNERIDS, and DescribeSnapshots paged
// through the EC2 paging proxy (moto ignores MaxResults/NextToken and OwnerIds: it returns its ~1300
// built-in public snapshots too, so the golden file keeps only the seeded ones).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { seedSnapshots } from '../harness/aws-seed-ec2.js';
import { assertEc2Golden, assertSameResources, uniqueIds } from '../harness/ec2-golden.js';
import { ec2TaskSuite } from '../harness/ec2-suite.js';

const REGION = 'us-west-2';

void describe('snapshot-list against moto', () => {
  const suite = ec2TaskSuite(REGION, (endpoint) => seedSnapshots(endpoint, REGION, 6));

  void test('ec2.describeSnapshots: the seeded snapshots match the golden file', async () => {
    const got = await suite.direct('ec2.describeSnapshots');
    const ids = uniqueIds(got.records);
    for (const id of suite.seeded) assert.ok(ids.has(id), `${id} listed`);
    assertEc2Golden('ec2-snapshots', got.records, suite.seeded.slice(0, 3));
  });

  void test('DescribeSnapshots pages (MaxResults 500) with OwnerIds ["self"]: nothing lost or repeated', async () => {
    const whole = await suite.direct('ec2.describeSnapshots');
    const paged = await suite.paged('ec2.describeSnapshots', 500);
    assert.equal(paged.pages, Math.ceil(whole.records.length / 500));
    assert.ok(paged.pages > 1, `${paged.pages} pages`);
    assertSameResources(paged.records, whole.records);
    assert.equal(suite.proxy.requests.length, paged.pages);
    for (const r of suite.proxy.requests) {
      assert.equal(r.params.get('Owner.1'), 'self');
      assert.equal(r.params.get('Owner.2'), null);
      assert.equal(r.params.get('MaxResults'), '500');
    }
  });
});
