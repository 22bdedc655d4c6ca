// storage-object-list over the wire: S3 buckets in moto → applications (spec §6.5), a global kind.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { resetMoto } from '../harness/aws-seed.js';
import { seedS3 } from '../harness/aws-seed-services.js';
import { assertGoldenRecords, crawl, taskCommands } from '../harness/aws-service-checks.js';
import { requirePeers } from '../harness/env.js';

const { awsEndpoint: endpoint } = requirePeers();

void describe('storage-object-list', () => {
  before(() => resetMoto(endpoint));

  void test('the task lists buckets once per connection (global)', () => {
    assert.deepEqual(
      taskCommands('storage-object-list').map((c) => [c.command, c.global]),
      [['s3.listBuckets', true]],
    );
  });

  void test('three buckets → three applications keyed by bucket name, golden', async () => {
    const names = await seedS3(endpoint, 'maestro-assets', 3);
    const got = await crawl({ endpoint, command: 's3.listBuckets', region: 'global', pageSize: 2 });
    assert.deepEqual(got.ids, names);
    assert.ok(got.records.every((r) => r.created_at instanceof Date));
    assertGoldenRecords('s3-buckets', got.sorted, ['created_at']);
  });
});
