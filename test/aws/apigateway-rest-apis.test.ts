// gateway-list over the wire: API Gateway REST APIs in moto → applications (spec §6.5).
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { RECORDED_REST_API_PAGES, startRecordedAws } from '../harness/aws-recorded.js';
import { resetMoto } from '../harness/aws-seed.js';
import { seedRestApis } from '../harness/aws-seed-services.js';
import { assertGoldenRecords, assertPaged, crawl, taskCommands } from '../harness/aws-service-checks.js';
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

  void test('pages chained by position (recorded: moto does not page GetRestApis)', async () => {
    const recorded = await startRecordedAws(endpoint, [RECORDED_REST_API_PAGES]);
    try {
      const got = await crawl({
        endpoint: recorded.endpoint,
        command: 'apigateway.getRestApis',
        region: REGION,
        pageSize: 2,
      });
      assert.deepEqual(recorded.served, ['apigateway:GetRestApis', 'apigateway:GetRestApis']);
      assertPaged(got, 2, ['a1b2c3d4e5', 'f6g7h8i9j0', 'k1l2m3n4o5']);
      assertGoldenRecords('apigateway-rest-apis-recorded', got.sorted, []);
    } finally {
      await recorded.close();
    }
  });
});
