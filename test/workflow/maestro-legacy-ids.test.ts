// A document the original discovery-api wrote under its old unique_id (docs/aws.md: SQS was keyed by
// the account id alone) is found by it, re-keyed and adopted: `_id` and user fields kept, no second
// document beside it, and the next crawl finds it under the new id.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { resetMoto } from '../harness/aws-seed.js';
import { seedSqs } from '../harness/aws-seed-services.js';
import { startCrawlEnv, testConfig, type CrawlEnv } from '../harness/crawl-env.js';
import { USER_FIELDS, seedMaestroDatabase, type MaestroDb } from '../harness/maestro-db.js';

const OLD_ID = '123456789012';
const NEW_ID = '123456789012_sqs_eu-west-3';

void describe('legacy unique_ids on a live Maestro database', () => {
  let env: CrawlEnv;
  let maestro: MaestroDb;

  before(async () => {
    const moto = testConfig('legacy').providers.aws.endpoint;
    await resetMoto(moto);
    env = await startCrawlEnv(testConfig('legacy'));
    await seedSqs(moto, 'eu-west-3', 'jobs', 2);
    maestro = await seedMaestroDatabase(env.db, {
      secretJwt: env.config.secretJwt,
      regions: ['eu-west-3 (Paris)'],
      legacy: [{ entity: 'applications', uniqueId: OLD_ID, fields: { family: 'Broker' } }],
    });
  });
  after(async () => {
    await env?.stop();
  });

  void test('the old document is re-keyed and adopted, then found under the new id', async () => {
    const apps = env.db.collection('applications');
    const first = await env.crawl(maestro.connectionId, 'brokers-list');
    assert.equal(first.status, 'completed');
    assert.equal(first.totals.created, 0, 'no second document beside the old one');
    assert.equal(first.totals.updated, 1);
    assert.equal(await apps.countDocuments({ unique_id: { $in: [OLD_ID, NEW_ID] } }), 1);
    const doc = await apps.findOne({ unique_id: NEW_ID });
    assert.ok(doc?._id.equals(maestro.legacyDocs.get(OLD_ID)), 'the old _id is kept');
    assert.equal(doc?.description, USER_FIELDS.description);
    assert.equal(doc?.connection_id, maestro.connectionId);
    const change = await env.db
      .collection('discovery_changes')
      .findOne({ run_id: first.runId, unique_id: NEW_ID });
    assert.equal(change?.adopted?.unique_id, OLD_ID, 'the re-keying is recorded');

    const again = await env.crawl(maestro.connectionId, 'brokers-list');
    assert.equal(again.totals.created, 0);
    assert.equal(again.totals.unchanged, 1);
    assert.equal(await apps.countDocuments({ unique_id: { $in: [OLD_ID, NEW_ID] } }), 1);
  });
});
