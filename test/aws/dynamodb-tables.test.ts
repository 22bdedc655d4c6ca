// dynamodb-list over the wire: DynamoDB tables in moto → applications (spec §6.5). The original never
// produced a record (§12.5); ListTables pages are followed by DescribeTable per name.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { resetMoto } from '../harness/aws-seed.js';
import { seedDynamoDb } from '../harness/aws-seed-services.js';
import { assertGoldenRecords, assertPaged, crawl, taskCommands } from '../harness/aws-service-checks.js';
import { requirePeers } from '../harness/env.js';

const { awsEndpoint: endpoint } = requirePeers();
const REGION = 'eu-west-1 (Ireland)';
const arn = (name: string): string => `arn:aws:dynamodb:eu-west-1:123456789012:table/${name}`;

void describe('dynamodb-list', () => {
  before(() => resetMoto(endpoint));

  void test('the task runs ListTables per region', () => {
    assert.deepEqual(
      taskCommands('dynamodb-list').map((c) => [c.command, c.global]),
      [['dynamodb.listTables', false]],
    );
  });

  void test('three tables → three applications named "DynamoDB - <table>", golden', async () => {
    const names = await seedDynamoDb(endpoint, 'eu-west-1', 'orders', 3);
    const got = await crawl({ endpoint, command: 'dynamodb.listTables', region: REGION, pageSize: 100 });
    assert.deepEqual(got.ids, names.map(arn));
    assert.deepEqual(
      got.sorted.map((r) => r.name),
      names.map((n) => `DynamoDB - ${n}`),
    );
    assertGoldenRecords('dynamodb-tables', got.sorted, ['created_at']);
  });

  void test('pages of 2 over 5 tables (ExclusiveStartTableName/LastEvaluatedTableName)', async () => {
    const more = await seedDynamoDb(endpoint, 'eu-west-1', 'users', 2);
    const got = await crawl({ endpoint, command: 'dynamodb.listTables', region: REGION, pageSize: 2 });
    assert.deepEqual(got.pageSizes, [2, 2, 1]);
    assertPaged(got, 2, ['orders-1', 'orders-2', 'orders-3', ...more].map(arn));
  });
});
