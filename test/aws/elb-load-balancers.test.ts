// loadbalance-list over the wire: ELBv2 and classic ELB load balancers in moto, crawled page by page
// through the provider, checked field by field against golden files (spec §6.5 "Load balancers").
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { resetMoto } from '../harness/aws-seed.js';
import { seedClassicElb, seedElbv2 } from '../harness/aws-seed-services.js';
import { assertGoldenRecords, assertPaged, crawl, taskCommands } from '../harness/aws-service-checks.js';
import { requirePeers } from '../harness/env.js';

const { awsEndpoint: endpoint } = requirePeers();
const REGION = 'eu-west-1 (Ireland)';

void describe('loadbalance-list (ELBv2 + classic ELB)', () => {
  before(() => resetMoto(endpoint));

  void test('the task runs ELBv2 then classic ELB, both per region', () => {
    assert.deepEqual(
      taskCommands('loadbalance-list').map((c) => [c.command, c.global]),
      [
        ['elbv2.describeLoadBalancers', false],
        ['elb.describeLoadBalancers', false],
      ],
    );
  });

  void test('ELBv2: three ALBs → three applications keyed by ARN, golden', async () => {
    const arns = await seedElbv2(endpoint, 'eu-west-1', 'web', 3);
    const got = await crawl({
      endpoint,
      command: 'elbv2.describeLoadBalancers',
      region: REGION,
      pageSize: 100,
    });
    assert.deepEqual(got.ids, [...arns].sort());
    // The ARNs end in a random id: a stable placeholder keeps the golden file showing unique_id = ARN.
    const stable = Object.fromEntries(arns.map((arn) => [arn, arn.replace(/\/[0-9a-f]+$/, '/<id>')]));
    assertGoldenRecords('elbv2-load-balancers', got.sorted, ['vpc_id', 'SubnetId', 'created_at'], stable);
  });

  void test('ELBv2: pages of 2 over 5 load balancers (Marker/NextMarker)', async () => {
    const more = await seedElbv2(endpoint, 'eu-west-1', 'api', 2);
    const got = await crawl({
      endpoint,
      command: 'elbv2.describeLoadBalancers',
      region: REGION,
      pageSize: 2,
    });
    assert.equal(got.pages, 3);
    assert.equal(got.records.length, 5);
    assert.ok(more.every((arn) => got.ids.includes(arn)));
    assertPaged(got, 2, got.ids);
  });

  void test('classic ELB: three load balancers, golden; same names in another region do not collide', async () => {
    await seedClassicElb(endpoint, 'eu-west-1', 'classic', 3);
    await seedClassicElb(endpoint, 'eu-central-1', 'classic', 1);
    const got = await crawl({
      endpoint,
      command: 'elb.describeLoadBalancers',
      region: REGION,
      pageSize: 100,
    });
    assert.deepEqual(got.ids, [
      'elb:eu-west-1:classic-1',
      'elb:eu-west-1:classic-2',
      'elb:eu-west-1:classic-3',
    ]);
    assertGoldenRecords('elb-load-balancers', got.sorted, ['vpc_id', 'security_groups', 'created_at']);
    const other = await crawl({
      endpoint,
      command: 'elb.describeLoadBalancers',
      region: 'eu-central-1',
      pageSize: 100,
    });
    assert.deepEqual(other.ids, ['elb:eu-central-1:classic-1']);
    assert.equal(other.records[0]?.name, 'classic-1');
  });

  void test('classic ELB: pages of 2 over 3 (Marker/NextMarker, not NextToken)', async () => {
    const got = await crawl({ endpoint, command: 'elb.describeLoadBalancers', region: REGION, pageSize: 2 });
    assert.deepEqual(got.pageSizes, [2, 1]);
    assertPaged(got, 2, ['elb:eu-west-1:classic-1', 'elb:eu-west-1:classic-2', 'elb:eu-west-1:classic-3']);
  });
});
