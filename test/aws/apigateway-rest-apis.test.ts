// gateway-list over the wire: API Gateway REST APIs in moto → applications (spec §6.5).
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { resetMoto } from '../harness/aws-seed.js';
import { seedRestApis } from '../harness/aws-seed-services.js';
import { assertGoldenRecords, crawl, taskCommands } from '../harness/aws-service-checks.js';
import { requirePeers } from '../harness/env.js';

const { awsEndpoint: endpoint } = requirePeers();
const REGION = 'eu-west-1 (Ireland)';

void describe('gateway-list', () => {
  before(() => resetMoto(endpoint));

  void test('the task runs GetRestApis per region', () => {
    assert.deepEqual(
      taskCommands('gateway-list').map((c) => [c.command, c.global]),
      [['apigateway.getRestApis', false]],
    );
  });

  void test('three REST APIs → three applications keyed by API id, golden', async () => {
    const ids = await seedRestApis(endpoint, 'eu-west-1', 'api', 3);
    const got = await crawl({ endpoint, command: 'apigateway.getRestApis', region: REGION, pageSize: 500 });
    assert.deepEqual(got.ids, [...ids].sort());
    assertGoldenRecords('apigateway-rest-apis', got.sorted, ['unique_id', 'created_at']);
  });
});
