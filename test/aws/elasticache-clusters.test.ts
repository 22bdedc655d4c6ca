// cache-list over the wire: ElastiCache clusters in moto → applications (spec §6.5).
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { resetMoto } from '../harness/aws-seed.js';
import { seedElastiCache } from '../harness/aws-seed-services.js';
import { assertGoldenRecords, crawl, taskCommands } from '../harness/aws-service-checks.js';
import { requirePeers } from '../harness/env.js';

const { awsEndpoint: endpoint } = requirePeers();
const REGION = 'eu-west-1 (Ireland)';

void describe('cache-list', () => {
  before(() => resetMoto(endpoint));

  void test('the task runs DescribeCacheClusters per region', () => {
    assert.deepEqual(
      taskCommands('cache-list').map((c) => [c.command, c.global]),
      [['elasticache.describeCacheClusters', false]],
    );
  });

  void test('three clusters → three applications keyed by ARN, golden', async () => {
    const ids = await seedElastiCache(endpoint, 'eu-west-1', 'cache', 3);
    const got = await crawl({
      endpoint,
      command: 'elasticache.describeCacheClusters',
      region: REGION,
      pageSize: 100,
    });
    assert.deepEqual(
      got.ids,
      ids.map((id) => `arn:aws:elasticache:eu-west-1:123456789012:cluster:${id}`).sort(),
    );
    assertGoldenRecords('elasticache-clusters', got.sorted, [
      'created_at',
      'cache_cluster_create_time',
      'CacheNodeCreateTime',
    ]);
  });

  void test('pages of 20 (ElastiCache minimum) over 23 clusters (Marker)', async () => {
    const more = await seedElastiCache(endpoint, 'eu-west-1', 'more', 20);
    const got = await crawl({
      endpoint,
      command: 'elasticache.describeCacheClusters',
      region: REGION,
      pageSize: 2,
    });
    assert.deepEqual(got.pageSizes, [20, 3]);
    assert.equal(got.ids.length, 23);
    assert.ok(
      more.every((id) => got.ids.includes(`arn:aws:elasticache:eu-west-1:123456789012:cluster:${id}`)),
    );
  });
});
