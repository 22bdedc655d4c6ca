// Start-up on a live Maestro database (store/indexes.ts, store/inventory.ts `indexWants`): index
// creation tolerates documents Discovery did not write, reports what it cannot build with the
// collection and the offending `_id`s, and never stops the API from serving.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { MongoClient, ObjectId, type Db } from 'mongodb';
import { InventoryRepo } from '../../store/inventory.js';
import { ensureIndexes, openStore, type Store } from '../../store/index.js';
import { startApiEnv, userToken } from '../harness/api.js';
import { testConfig } from '../harness/crawl-env.js';
import { seedMaestroDatabase, type MaestroDb } from '../harness/maestro-db.js';

void describe('index definitions hold on MongoDB semantics', () => {
  void test('every unique index of Discovery covers only documents that carry its keys', () => {
    // MongoDB indexes a missing field as null: a unique index over documents made in Maestro's UI
    // (no connection_id, no unique_id) fails with E11000 unless it is partial or sparse.
    const wants = new InventoryRepo(undefined as unknown as Db).indexWants();
    const unique = wants.filter((w) => w.options.unique);
    assert.ok(unique.length > 0);
    for (const w of unique) {
      const covered = Object.keys(w.key).every((field) => {
        const cond = w.options.partialFilterExpression?.[field] as Record<string, unknown> | undefined;
        return (
          (w.options.sparse === true && Object.keys(w.key).length === 1) ||
          cond?.$type === 'string' ||
          cond?.$exists === true
        );
      });
      assert.ok(covered, `${w.collection}.${w.options.name} would index missing fields as null`);
    }
  });

  void test("server-app's <entity>_unique is declared exactly as its migrations do", () => {
    const wants = new InventoryRepo(undefined as unknown as Db).indexWants();
    for (const coll of ['servers', 'applications', 'networks', 'volumes']) {
      const w = wants.find((x) => x.collection === coll && x.options.name === `${coll}_unique`);
      assert.deepEqual(w?.key, { unique_id: 1 });
      assert.equal(w?.options.unique, true);
      assert.equal(w?.options.sparse, true);
      assert.equal(w?.foreign, true, 'never dropped or replaced by Discovery');
    }
  });
});

void describe('start-up on a Maestro database', () => {
  const config = testConfig('maestro-indexes');
  let store: Store;
  let maestro: MaestroDb;
  let dupIds: ObjectId[];

  before(async () => {
    const client = await MongoClient.connect(config.mongoUri);
    const db = client.db(config.mongoDatabase);
    maestro = await seedMaestroDatabase(db, { secretJwt: config.secretJwt, regions: ['eu-west-3 (Paris)'] });
    // Two images with one unique_id (no server-app index on images): Discovery's images_unique cannot be built.
    dupIds = [new ObjectId(), new ObjectId()];
    await db
      .collection('images')
      .insertMany(dupIds.map((_id) => ({ _id, unique_id: 'ami-1', active: true })));
    await client.close();
    store = await openStore(config);
  });
  after(async () => {
    await store?.db.dropDatabase().catch(() => undefined);
    await store?.close();
  });

  void test('UI-made servers do not stop the indexes; an unbuildable one is reported with its _ids', async () => {
    const lines: string[] = [];
    const problems = await ensureIndexes(store, config.stagingTtlSeconds, (l) => lines.push(l));
    assert.deepEqual(
      problems.map((p) => `${p.collection}.${p.index}`),
      ['images.images_unique'],
      lines.join('\n'),
    );
    assert.deepEqual(new Set(problems[0]!.offendingIds), new Set(dupIds.map(String)));
    assert.equal(lines.length, 1);
    assert.match(lines[0]!, /images\.images_unique/);
    for (const id of dupIds) assert.match(lines[0]!, new RegExp(id.toHexString()));
    const servers = await store.db.collection('servers').indexes();
    assert.ok(
      servers.some((ix) => ix.name === 'identity' && ix.unique === true),
      'identity built',
    );
    assert.equal(
      servers.filter((ix) => JSON.stringify(ix.key) === '{"unique_id":1}').length,
      1,
      "server-app's servers_unique is not built twice",
    );
    // Safe at every start: a second run reports the same and builds nothing new.
    assert.equal((await ensureIndexes(store, config.stagingTtlSeconds, () => undefined)).length, 1);
  });

  void test('the API starts on that database and serves read routes', async () => {
    const env = await startApiEnv(config);
    try {
      const info = await env.app.inject({ method: 'GET', url: '/' });
      assert.equal(info.statusCode, 200);
      const list = await env.app.inject({
        method: 'GET',
        url: '/v1/connections',
        headers: { authorization: `Bearer ${await userToken(config, maestro.tenantId.toHexString())}` },
      });
      assert.equal(list.statusCode, 200, list.body);
      assert.match(list.body, new RegExp(maestro.connectionId));
    } finally {
      await env.app.close();
      await env.services.close();
    }
  });
});
