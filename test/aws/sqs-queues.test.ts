// brokers-list over the wire: SQS queues in moto → one application per region (spec §6.5).
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { resetMoto } from '../harness/aws-seed.js';
import { seedSqs } from '../harness/aws-seed-services.js';
import { assertGoldenRecords, crawl, taskCommands } from '../harness/aws-service-checks.js';
import { requirePeers } from '../harness/env.js';

const { awsEndpoint: endpoint } = requirePeers();
const REGION = 'eu-west-1 (Ireland)';

void describe('brokers-list', () => {
  before(() => resetMoto(endpoint));

  void test('the task runs ListQueues per region', () => {
    assert.deepEqual(
      taskCommands('brokers-list').map((c) => [c.command, c.global]),
      [['sqs.listQueues', false]],
    );
  });

  void test('a region without queues yields no record (and no failing insert)', async () => {
    const got = await crawl({ endpoint, command: 'sqs.listQueues', region: REGION, pageSize: 100 });
    assert.equal(got.records.length, 0);
  });

  void test('five queues read in pages of 2 → one application for the region, golden', async () => {
    const urls = await seedSqs(endpoint, 'eu-west-1', 'jobs', 5);
    await seedSqs(endpoint, 'eu-central-1', 'jobs', 1);
    const got = await crawl({ endpoint, command: 'sqs.listQueues', region: REGION, pageSize: 2 });
    assert.equal(got.records.length, 1);
    const [app] = got.records;
    assert.equal(app?.unique_id, '123456789012_sqs_eu-west-1');
    assert.deepEqual([...(app?.urls as string[])].sort(), [...urls].sort());
    assert.deepEqual([...(app?.queues as string[])].sort(), [
      'jobs-1',
      'jobs-2',
      'jobs-3',
      'jobs-4',
      'jobs-5',
    ]);
    assertGoldenRecords('sqs-queues', got.sorted, [], { [endpoint]: 'https://sqs.eu-west-1.amazonaws.com' });
    const other = await crawl({ endpoint, command: 'sqs.listQueues', region: 'eu-central-1', pageSize: 2 });
    assert.deepEqual(other.ids, ['123456789012_sqs_eu-central-1']);
  });
});
