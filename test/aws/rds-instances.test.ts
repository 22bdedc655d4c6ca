// dbs-list over the wire: RDS DB instances in moto → applications (spec §6.5 "Databases"), with
// created_at from InstanceCreateTime (§12.5) and the ARN as unique_id.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { resetMoto } from '../harness/aws-seed.js';
import { seedRds } from '../harness/aws-seed-services.js';
import { assertGoldenRecords, crawl, taskCommands } from '../harness/aws-service-checks.js';
import { requirePeers } from '../harness/env.js';

const { awsEndpoint: endpoint } = requirePeers();
const REGION = 'eu-west-1 (Ireland)';

void describe('dbs-list', () => {
  before(() => resetMoto(endpoint));

  void test('the task runs DescribeDBInstances per region', () => {
    assert.deepEqual(
      taskCommands('dbs-list').map((c) => [c.command, c.global]),
      [['rds.describeDBInstances', false]],
    );
  });

  void test('three DB instances → three applications, golden; created_at is set', async () => {
    const started = Date.now() - 60_000;
    const ids = await seedRds(endpoint, 'eu-west-1', 'db', 3);
    const got = await crawl({ endpoint, command: 'rds.describeDBInstances', region: REGION, pageSize: 100 });
    assert.deepEqual(got.ids, ids.map((id) => `arn:aws:rds:eu-west-1:123456789012:db:${id}`).sort());
    for (const r of got.records) {
      assert.ok(
        r.created_at instanceof Date && r.created_at.getTime() >= started,
        `${r.unique_id} created_at`,
      );
    }
    assertGoldenRecords('rds-instances', got.sorted, ['created_at', 'VpcSecurityGroupId', 'backup_window']);
  });

  void test('pages of 20 (RDS minimum, a smaller size is raised) over 23 instances (Marker)', async () => {
    const more = await seedRds(endpoint, 'eu-west-1', 'more', 20);
    const got = await crawl({ endpoint, command: 'rds.describeDBInstances', region: REGION, pageSize: 2 });
    assert.deepEqual(got.pageSizes, [20, 3]);
    assert.equal(got.ids.length, 23);
    assert.ok(more.every((id) => got.ids.includes(`arn:aws:rds:eu-west-1:123456789012:db:${id}`)));
  });
});
