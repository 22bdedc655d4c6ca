// autoscaling-list over the wire: Auto Scaling groups in moto → applications (spec §6.5).
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { resetMoto } from '../harness/aws-seed.js';
import { seedAutoScaling } from '../harness/aws-seed-services.js';
import { assertGoldenRecords, assertPaged, crawl, taskCommands } from '../harness/aws-service-checks.js';
import { requirePeers } from '../harness/env.js';

const { awsEndpoint: endpoint } = requirePeers();
const REGION = 'eu-west-1 (Ireland)';

void describe('autoscaling-list', () => {
  before(() => resetMoto(endpoint));

  void test('the task runs DescribeAutoScalingGroups per region', () => {
    assert.deepEqual(
      taskCommands('autoscaling-list').map((c) => [c.command, c.global]),
      [['autoscaling.describeAutoScalingGroups', false]],
    );
  });

  void test('three groups → three applications keyed by group ARN, golden', async () => {
    await seedAutoScaling(endpoint, 'eu-west-1', 'asg', 3);
    const got = await crawl({
      endpoint,
      command: 'autoscaling.describeAutoScalingGroups',
      region: REGION,
      pageSize: 100,
    });
    assert.equal(got.records.length, 3);
    for (const r of got.sorted) {
      assert.match(
        r.unique_id,
        new RegExp(
          `^arn:aws:autoscaling:eu-west-1:\\d+:autoScalingGroup:.+:autoScalingGroupName/${String(r.name)}$`,
        ),
      );
    }
    assertGoldenRecords('autoscaling-groups', got.sorted, ['unique_id', 'created_at']);
  });

  void test('pages of 2 (NextToken)', async () => {
    const got = await crawl({
      endpoint,
      command: 'autoscaling.describeAutoScalingGroups',
      region: REGION,
      pageSize: 2,
    });
    assertPaged(got, 2, got.ids);
    assert.deepEqual(got.pageSizes, [2, 1]);
  });
});
