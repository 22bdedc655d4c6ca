import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { MockActivityEnvironment } from '@temporalio/testing';
import { startSyntheticApi, type SyntheticApi } from '../../bench/synthetic-server.js';
import { createActivities, type Activities } from '../../activities/index.js';
import type { FetchResult } from '../../activities/types.js';
import type { Scope } from '../../core/model.js';
import { createProviderRegistry } from '../../config/index.js';
import { syntheticProvider } from '../../providers/synthetic/index.js';
import { ensureIndexes, openStore, type Store } from '../../store/index.js';
import { seedSyntheticConnection } from '../harness/connections.js';
import { testConfig } from '../harness/crawl-env.js';

// Activities in a MockActivityEnvironment, over the wire to the MongoDB peer and a loopback provider.
void describe('pipeline activities', () => {
  const config = testConfig('activity', { MAESTRO_SCAN_QTD: '10' });
  const scope: Scope = {
    key: 'synthetic.listServers@r1',
    command: 'synthetic.listServers',
    entity: 'servers',
    region: 'r1',
  };
  let api: SyntheticApi;
  let store: Store;
  let acts: Activities;
  let base: { runId: string; connectionId: string; task: string; scope: Scope };

  before(async () => {
    api = await startSyntheticApi(50);
    store = await openStore(config);
    await ensureIndexes(store, config.stagingTtlSeconds);
    const providers = createProviderRegistry(config, [syntheticProvider(api.url)]);
    acts = createActivities({ config, store, providers, now: () => new Date(), log: () => undefined });
    const connectionId = await seedSyntheticConnection(store.db, {
      regions: ['r1'],
      secretJwt: config.secretJwt,
    });
    base = { runId: 'run-1', connectionId, task: 'server-list', scope };
  });
  after(async () => {
    await store?.db.dropDatabase();
    await store?.close();
    await api?.close();
  });

  void test('fetchPage stores every page and heartbeats the next page token', async () => {
    const env = new MockActivityEnvironment();
    const beats: unknown[] = [];
    env.on('heartbeat', (d: unknown) => beats.push(d));
    const before = api.requests;
    const res = await env.run(acts.fetchPage, { ...base, token: undefined, seq: 0 });
    assert.deepEqual(res, {
      firstSeq: 0,
      lastSeq: 4,
      pages: 5,
      items: 50,
      nextToken: undefined,
      resumedPages: 0,
    });
    assert.equal(api.requests - before, 5);
    assert.equal(beats.length, 5);
    assert.deepEqual(beats[1], { nextSeq: 2, token: '20', pages: 2, items: 20 });
  });

  void test('a retried fetchPage resumes from its last heartbeat instead of refetching', async () => {
    const env = new MockActivityEnvironment({
      attempt: 2,
      heartbeatDetails: { nextSeq: 3, token: '30', pages: 3, items: 30 },
    });
    const before = api.requests;
    // A run of its own: nothing stored after the heartbeat.
    const res = await env.run(acts.fetchPage, { ...base, runId: 'run-hb', token: undefined, seq: 0 });
    assert.equal(api.requests - before, 2, 'only the two pages after the heartbeat are fetched');
    assert.deepEqual(res, {
      firstSeq: 0,
      lastSeq: 4,
      pages: 5,
      items: 50,
      nextToken: undefined,
      resumedPages: 3,
    });
  });

  void test('a retry goes on over the pages stored after the last heartbeat the server kept', async () => {
    // The killed attempt stored pages 0..3 (heartbeats are throttled: the server kept the one after
    // page 0) and died while page 4 was in flight.
    const runId = 'run-throttled';
    await new MockActivityEnvironment().run(acts.fetchPage, { ...base, runId, token: undefined, seq: 0 });
    await store.staging.col.deleteOne({ _id: `${runId}|${scope.key}|raw|4` });
    const env = new MockActivityEnvironment({
      attempt: 2,
      heartbeatDetails: { nextSeq: 1, token: '10', pages: 1, items: 10 },
    });
    const before = api.requests;
    const res = await env.run(acts.fetchPage, { ...base, runId, token: undefined, seq: 0 });
    assert.equal(api.requests - before, 1, 'only the page in flight is fetched again');
    assert.deepEqual(res, {
      firstSeq: 0,
      lastSeq: 4,
      pages: 5,
      items: 50,
      nextToken: undefined,
      resumedPages: 4,
    });
    // Without any heartbeat (the attempt died before its first one reached the server) too.
    await store.staging.col.deleteOne({ _id: `${runId}|${scope.key}|raw|4` });
    const cold = new MockActivityEnvironment({ attempt: 2 });
    const before2 = api.requests;
    const again: FetchResult = await cold.run(acts.fetchPage, { ...base, runId, token: undefined, seq: 0 });
    assert.equal(api.requests - before2, 1);
    assert.equal(again.resumedPages, 4);
    assert.equal(again.items, 50);
  });

  void test('translate, audit, insert and track turn the stored pages into inventory, idempotently', async () => {
    const env = new MockActivityEnvironment();
    const batch = { ...base, firstSeq: 0, lastSeq: 4 };
    assert.deepEqual(await env.run(acts.translatePage, batch), { records: 50, skipped: 0, errors: [] });
    assert.deepEqual(await env.run(acts.auditBatch, batch), {
      created: 50,
      updated: 0,
      unchanged: 0,
      deactivated: 0,
      reactivated: 0,
      trusted: 0,
    });
    assert.deepEqual(await env.run(acts.insertBatch, batch), { written: 50 });
    // A retry after a crash (same inputs) changes nothing.
    assert.deepEqual(
      await env.run(acts.insertBatch, batch),
      { written: 0 },
      'the retry meets its own documents: no-op',
    );
    assert.equal(
      await store.db.collection('servers').countDocuments({ connection_id: base.connectionId }),
      50,
    );
    assert.equal(await store.changes.col.countDocuments({ run_id: 'run-1' }), 50);
    assert.deepEqual(await env.run(acts.trackBatch, batch), { seen: 50 });

    // The same batch in a later run: everything unchanged (recognised from run-1's tracker chunk, not
    // read), nothing written; every key tracked in run-2's chunk rather than on the documents.
    const later = { ...batch, runId: 'run-2' };
    await env.run(acts.fetchPage, { ...later, token: undefined, seq: 0 });
    await env.run(acts.translatePage, later);
    const again = await env.run(acts.auditBatch, later);
    assert.deepEqual(again, {
      created: 0,
      updated: 0,
      unchanged: 50,
      deactivated: 0,
      reactivated: 0,
      trusted: 50,
    });
    assert.deepEqual(await env.run(acts.insertBatch, later), { written: 0 });
    assert.deepEqual(await env.run(acts.trackBatch, later), { seen: 50 });
    assert.equal(
      await store.db
        .collection('servers')
        .countDocuments({ connection_id: base.connectionId, last_seen_run: 'run-2' }),
      0,
      'trusted records are not written',
    );
    const membership = await store.tracker.membership(base.connectionId, base.scope.key, 'run-3');
    const tracked = new Set<string>();
    for await (const ids of store.tracker.ids(membership.earlier.filter((c) => c.run === 'run-2')))
      for (const id of ids) tracked.add(id);
    assert.equal(tracked.size, 50, "every key in run-2's tracker chunk");
  });
});
