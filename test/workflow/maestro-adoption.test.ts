// Crawls on a live Maestro database (test/harness/maestro-db.ts): the tenant's documents the original
// discovery-api wrote are adopted (updated in place, `_id` kept, user fields intact, swept later like
// Discovery's own), another tenant's document with the same unique_id is never overwritten (a
// conflict, counted), and no crawl duplicates anything.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ObjectId, type Document } from 'mongodb';
import { deleteVolumes, resetMoto, seedRegion } from '../harness/aws-seed.js';
import { startCrawlEnv, testConfig, type CrawlEnv } from '../harness/crawl-env.js';
import { USER_FIELDS, USER_TAG, seedMaestroDatabase, type MaestroDb } from '../harness/maestro-db.js';

const TASK = 'volumes-list';

void describe('crawling a live Maestro database', () => {
  let env: CrawlEnv;
  let maestro: MaestroDb;
  let volumeIds: string[];
  let moto: string;

  before(async () => {
    moto = testConfig('adopt').providers.aws.endpoint;
    await resetMoto(moto);
    env = await startCrawlEnv(testConfig('adopt'));
    volumeIds = (await seedRegion(moto, 'eu-west-3', 0, 4)).volumeIds;
    maestro = await seedMaestroDatabase(env.db, {
      secretJwt: env.config.secretJwt,
      regions: ['eu-west-3 (Paris)'],
      legacy: [
        { entity: 'volumes', uniqueId: volumeIds[0]! },
        { entity: 'volumes', uniqueId: volumeIds[1]! },
      ],
      foreign: [{ entity: 'volumes', uniqueId: volumeIds[2]! }],
    });
  });
  after(async () => {
    await env?.stop();
  });

  const volumes = () => env.db.collection('volumes');
  async function duplicates(): Promise<string[]> {
    const docs = await volumes()
      .find({}, { projection: { unique_id: 1 } })
      .toArray();
    const seen = new Set<string>();
    return docs.map((d) => String(d.unique_id)).filter((u) => (seen.has(u) ? true : (seen.add(u), false)));
  }
  const run = (id: string) =>
    env.db.collection('discovery_runs').findOne({ _id: id as unknown as Document['_id'] });

  void test("first crawl: the tenant's old documents adopted, the other tenant's left, one created", async () => {
    const result = await env.crawl(maestro.connectionId, TASK);
    assert.equal(result.status, 'completed');
    assert.equal(result.totals.created, 1, 'only the volume nobody stored is created');
    assert.equal(result.totals.updated, 2, 'the two old documents are adopted');
    assert.equal(result.totals.conflicts, 1, "the other tenant's document is a conflict");
    assert.deepEqual(await duplicates(), []);
    for (const u of [volumeIds[0]!, volumeIds[1]!]) {
      const doc = await volumes().findOne({ unique_id: u });
      assert.ok(doc);
      assert.ok(doc._id.equals(maestro.legacyDocs.get(u)), 'the old _id is kept');
      assert.equal(doc.connection_id, maestro.connectionId);
      assert.equal(doc.last_seen_run, result.runId);
      assert.equal(doc.description, USER_FIELDS.description, 'a field Discovery does not produce survives');
      assert.equal(doc.service_mgr, USER_FIELDS.service_mgr);
      assert.ok(
        (doc.tags as Document[]).some((t) => t.key === USER_TAG.key && t.value === USER_TAG.value),
        'the tag a user added survives (tags accumulate, spec §7.3)',
      );
      const change = await env.db
        .collection('discovery_changes')
        .findOne({ run_id: result.runId, unique_id: u });
      assert.equal(change?.kind, 'updated');
      assert.equal(change?.adopted?._id, String(maestro.legacyDocs.get(u)));
    }
    const foreign = await volumes().findOne({ unique_id: volumeIds[2] });
    assert.ok(foreign?._id.equals(maestro.foreignDocs.get(volumeIds[2]!)));
    assert.equal(foreign?.name, 'the other tenant', 'never overwritten');
    assert.equal(foreign?.connection_id, undefined);
    assert.equal(
      await env.db
        .collection('discovery_changes')
        .countDocuments({ run_id: result.runId, unique_id: volumeIds[2] }),
      0,
      'no change recorded for what was not written',
    );
    // Maestro's reference fields are ObjectIds (data-app's conversion, spec §7.4), though the
    // connection holds dc_id as a string.
    const created = await volumes().findOne({ unique_id: volumeIds[3] });
    const dcRef = (created?.datacenters as Document | undefined)?._id as unknown;
    assert.ok(dcRef instanceof ObjectId, 'datacenters._id');
    assert.equal(dcRef.toHexString(), maestro.dcId);
    assert.ok((created?.owner as Document | undefined)?._id instanceof ObjectId, 'owner._id');
    const roles = (created?.roles ?? []) as Document[];
    assert.ok(roles.length > 0 && roles.every((r) => r._id instanceof ObjectId), 'roles[]._id');
    const ledger = await run(result.runId);
    assert.equal(ledger?.totals?.conflicts, 1);
    assert.equal(ledger?.scopes?.[0]?.conflicts, 1, 'counted per scope');
    // The UI-made servers are untouched.
    assert.equal(await env.db.collection('servers').countDocuments({ unique_id: { $exists: false } }), 2);
  });

  void test('re-crawl: nothing created or duplicated, adopted documents unchanged', async () => {
    const result = await env.crawl(maestro.connectionId, TASK);
    assert.equal(result.status, 'completed');
    assert.equal(result.totals.created, 0);
    assert.equal(result.totals.updated, 0);
    assert.equal(result.totals.unchanged, 3);
    assert.equal(result.totals.conflicts, 1);
    assert.deepEqual(await duplicates(), []);
    const adopted = await volumes().findOne({ _id: maestro.legacyDocs.get(volumeIds[0]!)! });
    // Unchanged, recognised from the tracker's checksums (docs/architecture.md, "Unchanged re-crawls"):
    // seen in this run (its tracker chunk), not rewritten.
    const tracked = await env.db.collection('discovery_tracker').find({ run_id: result.runId }).toArray();
    assert.ok(
      tracked.some((c) => (c.ids as string[]).includes(volumeIds[0]!)),
      "tracked in this run's chunks",
    );
    assert.notEqual(adopted?.last_seen_run, result.runId, 'not rewritten');
    assert.equal(adopted?.description, USER_FIELDS.description);
  });

  void test("a connection without owner_user: danger with Maestro's message, nothing written", async () => {
    const conn = await env.db
      .collection('connections')
      .findOne({ _id: ObjectId.createFromHexString(maestro.connectionId) });
    assert.ok(conn);
    const orphanId = new ObjectId();
    await env.db
      .collection('connections')
      .insertOne({ ...conn, _id: orphanId, owner_user: undefined, process: {} });
    await env.db.collection('connections').updateOne({ _id: orphanId }, { $unset: { owner_user: '' } });
    const before = await volumes().countDocuments({});
    const result = await env.crawl(orphanId.toHexString(), TASK);
    assert.equal(result.status, 'failed');
    assert.equal(await volumes().countDocuments({}), before, 'nothing written');
    assert.equal(await volumes().countDocuments({ connection_id: orphanId.toHexString() }), 0);
    const after = await env.db.collection('connections').findOne({ _id: orphanId });
    const status = after?.process?.[TASK] as { state: string; msg: string } | undefined;
    assert.equal(status?.state, 'danger');
    assert.match(status?.msg ?? '', /^Missing Owner User\/Team in this connection\. At /);
  });

  void test('an adopted document is swept when its resource disappears', async () => {
    await deleteVolumes(moto, 'eu-west-3', [volumeIds[0]!]);
    const result = await env.crawl(maestro.connectionId, TASK);
    assert.equal(result.status, 'completed');
    assert.equal(result.totals.deactivated, 1);
    const gone = await volumes().findOne({ _id: maestro.legacyDocs.get(volumeIds[0]!)! });
    assert.equal(gone?.active, false);
    assert.equal(gone?.description, USER_FIELDS.description);
    const foreign = await volumes().findOne({ unique_id: volumeIds[2] });
    assert.equal(foreign?.active, true, "the other tenant's document is never swept");
    assert.deepEqual(await duplicates(), []);
  });
});
