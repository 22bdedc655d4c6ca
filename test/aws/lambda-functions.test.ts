// serverless-list and serverless-support-list over the wire: Lambda functions and layers in moto →
// applications (spec §6.5), with the layer fields read from the API (§12.5) and environment values
// withheld.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { REDACTED } from '../../providers/aws/resources/lambda-functions.js';
import { RECORDED_LAMBDA_FUNCTION_PAGES, startRecordedAws } from '../harness/aws-recorded.js';
import { resetMoto } from '../harness/aws-seed.js';
import { seedLambdaFunctions, seedLambdaLayers } from '../harness/aws-seed-services.js';
import { assertGoldenRecords, assertPaged, crawl, taskCommands } from '../harness/aws-service-checks.js';
import { requirePeers } from '../harness/env.js';

const { awsEndpoint: endpoint } = requirePeers();
const REGION = 'eu-west-1 (Ireland)';

void describe('serverless-list and serverless-support-list', () => {
  before(() => resetMoto(endpoint));

  void test('the tasks run ListFunctions and ListLayers per region', () => {
    assert.deepEqual(
      taskCommands('serverless-list').map((c) => [c.command, c.global]),
      [['lambda.listFunctions', false]],
    );
    assert.deepEqual(
      taskCommands('serverless-support-list').map((c) => [c.command, c.global]),
      [['lambda.listLayers', false]],
    );
  });

  void test('functions: three → three applications keyed by function ARN, golden, no env values', async () => {
    const arns = await seedLambdaFunctions(endpoint, 'eu-west-1', 'fn', 3);
    const got = await crawl({ endpoint, command: 'lambda.listFunctions', region: REGION, pageSize: 50 });
    assert.deepEqual(got.ids, [...arns].sort());
    assert.ok(!JSON.stringify(got.records).includes('hunter2'), 'an environment value reached the record');
    const role = got.records[0]?.role as { rnvironment?: { Variables?: Record<string, string> } };
    assert.deepEqual(role.rnvironment?.Variables, { DB_PASSWORD: REDACTED, STAGE: REDACTED });
    assertGoldenRecords('lambda-functions', got.sorted, ['created_at', 'tevision_id']);
  });

  void test('layers: three → applications with the version fields, not literal strings, golden', async () => {
    const arns = await seedLambdaLayers(endpoint, 'eu-west-1', 'layer', 3);
    const got = await crawl({ endpoint, command: 'lambda.listLayers', region: REGION, pageSize: 50 });
    assert.deepEqual(got.ids, [...arns].sort());
    for (const r of got.records) {
      assert.deepEqual(r.runtimes, ['python3.12']);
      assert.equal(r.license_info, 'MIT');
      assert.equal(r.version, 1);
    }
    assertGoldenRecords('lambda-layers', got.sorted, ['created_at']);
  });

  void test('functions: pages chained by Marker/NextMarker (recorded: moto does not page Lambda)', async () => {
    const recorded = await startRecordedAws(endpoint, [RECORDED_LAMBDA_FUNCTION_PAGES]);
    try {
      const got = await crawl({
        endpoint: recorded.endpoint,
        command: 'lambda.listFunctions',
        region: 'us-west-2 (Oregon)',
        pageSize: 2,
      });
      assert.deepEqual(recorded.served, ['lambda:ListFunctions', 'lambda:ListFunctions']);
      assertPaged(
        got,
        2,
        ['nightly-report', 'orders-api', 'thumbnails'].map(
          (n) => `arn:aws:lambda:us-west-2:123456789012:function:${n}`,
        ),
      );
      assertGoldenRecords('lambda-functions-recorded', got.sorted, []);
    } finally {
      await recorded.close();
    }
  });
});
