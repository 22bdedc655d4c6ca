// images-list against moto over the wire: seeded AMIs (CreateImage) compared with a golden file
// (spec §6.5), Owners sent from MAESTRO_OWNERIDS, and DescribeImages paged through the EC2 paging proxy
// (moto does not page DescribeImages).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { seedImages } from '../harness/aws-seed-ec2.js';
import { assertEc2Golden, assertSameResources } from '../harness/ec2-golden.js';
import { ec2TaskSuite } from '../harness/ec2-suite.js';

const REGION = 'ap-southeast-2';

void describe('images-list against moto', () => {
  const suite = ec2TaskSuite(REGION, (endpoint) => seedImages(endpoint, REGION, 7));

  void test("ec2.describeImages lists the account's own AMIs (Owners self); the seeded ones match the golden file", async () => {
    const got = await suite.direct('ec2.describeImages');
    // moto honours Owners=self: its built-in public AMIs are not listed.
    assertSameResources(got.records, suite.seeded);
    assert.ok(got.records.every((r) => r.active === true && r.status === 'Available'));
    assertEc2Golden('ec2-images', got.records, suite.seeded.slice(0, 3));
  });

  void test('DescribeImages pages with MaxResults/NextToken: 7 images in pages of 5', async () => {
    const paged = await suite.paged('ec2.describeImages', 5);
    assert.deepEqual(paged.pageSizes, [5, 2]);
    assertSameResources(paged.records, suite.seeded);
    assert.deepEqual(
      suite.proxy.requests.map((r) => [r.params.get('Owner.1'), r.params.get('MaxResults')]),
      [
        ['self', '5'],
        ['self', '5'],
      ],
    );
  });
});
