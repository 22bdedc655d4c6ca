// Service tasks through the whole crawl (Temporal dev server, MongoDB server, moto): a global kind
// crawled once per connection, a two-command task over two regions, a region with nothing to list,
// the stored documents free of nulls, and a deleted bucket deactivated by the next crawl.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DeleteBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { TEST_CREDENTIALS } from '../harness/aws-kinds.js';
import { resetMoto } from '../harness/aws-seed.js';
import { seedClassicElb, seedElbv2, seedS3, seedSqs } from '../harness/aws-seed-services.js';
import { assertNoNulls } from '../harness/aws-service-checks.js';
import { seedMaestroAwsConnection } from '../harness/connections.js';
import { startCrawlEnv, testConfig, type CrawlEnv } from '../harness/crawl-env.js';
import { ids, inventory } from '../harness/inventory.js';

// Regions of this file only (other files use eu-west-1/eu-west-2 for EC2).
const A = 'ap-southeast-1';
const B = 'ap-southeast-2';

void describe('crawl of AWS service tasks on the real peers', () => {
  let env: CrawlEnv;
  let connectionId: string;
  let buckets: string[];

  before(async () => {
    env = await startCrawlEnv(testConfig('crawl-aws-services'));
    const endpoint = env.config.providers.aws.endpoint;
    await resetMoto(endpoint);
    buckets = await seedS3(endpoint, 'svc-assets', 3);
    await seedSqs(endpoint, A, 'jobs', 3);
    await seedElbv2(endpoint, A, 'web', 2);
    await seedClassicElb(endpoint, A, 'legacy', 1);
    await seedClassicElb(endpoint, B, 'legacy', 1);
    connectionId = await seedMaestroAwsConnection(env.db, {
      regions: [`${A} (Singapore)`, `${B} (Sydney)`],
      secretJwt: env.config.secretJwt,
    });
  });
  after(async () => env?.stop());

  void test('storage-object-list is one global scope; the buckets are stored without nulls', async () => {
    const result = await env.crawl(connectionId, 'storage-object-list');
    assert.equal(result.status, 'completed');
    assert.deepEqual(
      result.scopes.map((s) => s.key),
      ['s3.listBuckets@global'],
    );
    const docs = await inventory(env.db, 'applications', connectionId);
    assert.deepEqual(ids(docs), buckets);
    for (const d of docs) {
      assertNoNulls(d, d.unique_id);
      assert.equal(d.family, 'ObjectStorage');
      assert.equal(d.provider, 'S3 (AWS)');
      assert.equal(d.own, 1);
      assert.ok(d.created_at instanceof Date);
    }
  });

  void test('brokers-list: one application for the region with queues, none for the empty one', async () => {
    const result = await env.crawl(connectionId, 'brokers-list');
    assert.equal(result.status, 'completed');
    assert.equal(result.scopes.length, 2);
    const sqs = (await inventory(env.db, 'applications', connectionId)).filter((d) => d.family === 'Broker');
    assert.deepEqual(ids(sqs), [`123456789012_sqs_${A}`]);
    assert.deepEqual([...(sqs[0]?.queues as string[])].sort(), ['jobs-1', 'jobs-2', 'jobs-3']);
    assertNoNulls(sqs[0], 'sqs');
  });

  void test('loadbalance-list: two commands × two regions; same-named classic ELBs stay apart', async () => {
    const result = await env.crawl(connectionId, 'loadbalance-list');
    assert.equal(result.status, 'completed');
    assert.equal(result.scopes.length, 4);
    const lbs = (await inventory(env.db, 'applications', connectionId)).filter(
      (d) => d.family === 'Loadbalance',
    );
    assert.equal(lbs.length, 4);
    assert.deepEqual(
      lbs
        .filter((d) => d.unique_id.startsWith('elb:'))
        .map((d) => d.unique_id)
        .sort(),
      [`elb:${A}:legacy-1`, `elb:${B}:legacy-1`],
    );
    for (const d of lbs) assertNoNulls(d, d.unique_id);
  });

  void test('a deleted bucket is deactivated by the next crawl; the others stay active', async () => {
    const s3 = new S3Client({
      region: 'us-east-1',
      endpoint: env.config.providers.aws.endpoint,
      credentials: TEST_CREDENTIALS,
      forcePathStyle: true,
    });
    await s3.send(new DeleteBucketCommand({ Bucket: buckets[0] }));
    s3.destroy();
    const result = await env.crawl(connectionId, 'storage-object-list', true);
    assert.equal(result.status, 'completed');
    assert.equal(result.totals.deactivated, 1);
    const docs = (await inventory(env.db, 'applications', connectionId)).filter(
      (d) => d.family === 'ObjectStorage',
    );
    assert.deepEqual(
      docs.map((d) => [d.unique_id, d.active]),
      buckets.map((b, i) => [b, i !== 0]),
    );
  });
});
