// smtp-list over the wire: SES identities in moto → one application per region (spec §6.5).
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { resetMoto } from '../harness/aws-seed.js';
import { seedSes } from '../harness/aws-seed-services.js';
import { mappingContext } from '../harness/aws-kinds.js';
import { assertGoldenRecords, crawl, taskCommands } from '../harness/aws-service-checks.js';
import { requirePeers } from '../harness/env.js';

const { awsEndpoint: endpoint } = requirePeers();
const REGION = 'eu-west-1 (Ireland)';

void describe('smtp-list', () => {
  before(() => resetMoto(endpoint));

  void test('the task runs ListIdentities per region', () => {
    assert.deepEqual(
      taskCommands('smtp-list').map((c) => [c.command, c.global]),
      [['ses.listIdentities', false]],
    );
  });

  void test('no identities → no record', async () => {
    const got = await crawl({ endpoint, command: 'ses.listIdentities', region: REGION, pageSize: 100 });
    assert.equal(got.records.length, 0);
  });

  void test('three domains and an address → one application per region, golden', async () => {
    const identities = await seedSes(endpoint, 'eu-west-1', 'mail', 3);
    const got = await crawl({ endpoint, command: 'ses.listIdentities', region: REGION, pageSize: 100 });
    assert.deepEqual(got.ids, [`${mappingContext(REGION).connectionId}_ses_eu-west-1`]);
    assert.deepEqual([...(got.records[0]?.domain as string[])].sort(), [...identities].sort());
    assertGoldenRecords('ses-identities', got.sorted, []);
  });
});
