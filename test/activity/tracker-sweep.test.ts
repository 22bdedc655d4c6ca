import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { MockActivityEnvironment } from '@temporalio/testing';
import type { Document } from 'mongodb';
import type { SyntheticApi } from '../../bench/synthetic-server.js';
import type { Activities } from '../../activities/index.js';
import type { AuditResult, InsertResult, SweepOutcome } from '../../activities/types.js';
import type { Store } from '../../store/index.js';
import {
  startSyntheticActivities,
  syntheticScope,
  type SyntheticActivities,
} from '../harness/synthetic-activities.js';
import { testConfig } from '../harness/crawl-env.js';

// The tracker (store/tracker.ts) drives the first crawl's lookups and the stale sweep. Activities in a
// MockActivityEnvironment over the wire to the MongoDB peer; every command on the inventory collection
// is recorded, to show which steps read it and how.
void describe('tracker and stale sweep', () => {
  const config = testConfig('tracker', { MAESTRO_SCAN_QTD: '10', MAESTRO_TRANSLATE_QTD: '100' });
  const region = 'r1';
  const scope = syntheticScope(region);
  let api: SyntheticApi;
  let store: Store;
  let acts: Activities;
  let connectionId: string;
  /** Commands on the `servers` collection, as sent. */
  let serverCommands: Document[] = [];

  let harness: SyntheticActivities | undefined;
  before(async () => {
    harness = await startSyntheticActivities(config, {
      region,
      count: 30,
      watch: 'servers',
      onCommand: (cmd) => serverCommands.push(cmd),
    });
    ({ api, store, acts, connectionId } = harness);
  });
  after(async () => harness?.close());

  const env = new MockActivityEnvironment();
  /** `env.run` with the activity's own input and result types. */
  const run = <I, R>(fn: (input: I) => Promise<R>, input: I): Promise<R> =>
    env.run<[I], R, typeof fn>(fn, input);
  const base = (runId: string) => ({ runId, connectionId, task: 'server-list', scope });

  /** One batch (all of the region's servers, ≤ 100) through fetch → … → track, as a partition runs it. */
  async function crawlBatch(runId: string, n: number): Promise<{ audit: AuditResult; insert: InsertResult }> {
    api.setCount(region, n);
    const page = await run(acts.fetchPage, { ...base(runId), token: undefined, seq: 0 });
    assert.equal(page.nextToken, undefined, 'one batch');
    const batch = { ...base(runId), firstSeq: page.firstSeq, lastSeq: page.lastSeq };
    await run(acts.translatePage, batch);
    const audit = await run(acts.auditBatch, batch);
    const insert = await run(acts.insertBatch, batch);
    await run(acts.trackBatch, batch);
    return { audit, insert };
  }

  async function sweep(runId: string, force = false): Promise<SweepOutcome> {
    serverCommands = [];
    return await run(acts.sweepScope, {
      ...base(runId),
      index: 0,
      deactivatedBefore: 0,
      guardShare: 0.5,
      guardMin: 5,
      force,
    });
  }

  const servers = () => store.db.collection('servers');
  const activeIds = async () =>
    (await servers().find({ connection_id: connectionId, active: true }).toArray())
      .map((d) => d.unique_id as string)
      .sort();
  const srv = (i: number) => `srv-${region}-${String(i).padStart(7, '0')}`;
  const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => srv(from + i));
  const changeKinds = async (runId: string) =>
    (await store.changes.col.find({ run_id: runId }).toArray()).map((c) => `${c.kind} ${c.unique_id}`).sort();

  /** Every command of the sweep on the inventory filters on `_id` (equality or `$in`), nothing else. */
  function assertOnlyByIdCommands(): void {
    for (const cmd of serverCommands) {
      const filters: Document[] =
        cmd.find !== undefined
          ? [cmd.filter as Document]
          : cmd.update !== undefined
            ? (cmd.updates as Document[]).map((u) => u.q as Document)
            : [];
      assert.ok(filters.length > 0, `only finds and updates by _id, got ${JSON.stringify(cmd)}`);
      for (const f of filters) assert.ok(f._id !== undefined, `filter without _id: ${JSON.stringify(f)}`);
    }
  }

  void test("a fresh scope's first crawl reads nothing from the inventory and sweeps nothing", async () => {
    serverCommands = [];
    const { audit, insert } = await crawlBatch('run-1', 30);
    assert.equal(audit.created, 30);
    assert.deepEqual(insert, { written: 30 });
    assert.deepEqual(
      serverCommands.filter((c) => c.insert === undefined).map((c) => Object.keys(c)[0]),
      [],
      'only inserts: no lookup of the 30 ids',
    );
    const outcome = await sweep('run-1');
    assert.deepEqual(outcome, { status: 'done', candidates: 0, active: 30, deactivated: 0 });
    assert.deepEqual(serverCommands, [], 'the sweep of a first crawl touches no inventory document');
  });

  void test('the sweep deactivates what earlier runs tracked and this run lacks, by _id only', async () => {
    const { audit } = await crawlBatch('run-2', 27);
    assert.equal(audit.unchanged, 27);
    const outcome = await sweep('run-2');
    assert.deepEqual(outcome, { status: 'done', candidates: 3, active: 30, deactivated: 3 });
    assertOnlyByIdCommands();
    assert.ok(serverCommands.length > 0);
    assert.deepEqual(await activeIds(), range(0, 27));
    assert.deepEqual(
      await changeKinds('run-2'),
      range(27, 30).map((id) => `deactivated ${id}`),
    );
    // A retried sweep finds nothing more to do.
    assert.equal((await sweep('run-2')).deactivated, 0);
  });

  void test('a run that never swept keeps its tracker: the next sweep covers what it created', async () => {
    // run-3 (say its scope failed after this batch): 28..32 new, 27 reactivated; no sweep.
    const { audit } = await crawlBatch('run-3', 33);
    assert.deepEqual(
      { created: audit.created, reactivated: audit.reactivated, unchanged: audit.unchanged },
      { created: 3, reactivated: 3, unchanged: 27 },
    );
    const run4 = await crawlBatch('run-4', 29);
    assert.equal(run4.audit.unchanged, 29);
    const outcome = await sweep('run-4');
    assert.deepEqual(outcome, { status: 'done', candidates: 4, active: 33, deactivated: 4 });
    assert.deepEqual(await activeIds(), range(0, 29));
    // The sweep made run-4's tracker the scope's membership; earlier chunks are gone.
    const next = await store.tracker.membership(connectionId, scope.key, 'run-5');
    assert.deepEqual(
      next.earlier.map((c) => c.run),
      ['run-4'],
    );
  });

  void test('the mass-deletion guard refuses and keeps every tracker for a later forced sweep', async () => {
    await crawlBatch('run-5', 10);
    const guarded = await sweep('run-5');
    assert.equal(guarded.status, 'guarded');
    assert.equal(guarded.candidates, 19);
    assert.equal((await activeIds()).length, 29, 'nothing deactivated');
    assert.deepEqual(
      (await store.tracker.membership(connectionId, scope.key, 'run-6')).earlier.map((c) => c.run).sort(),
      ['run-4', 'run-5'],
    );
    await crawlBatch('run-6', 10);
    const forced = await sweep('run-6', true);
    assert.deepEqual(forced, { status: 'done', candidates: 19, active: 29, deactivated: 19 });
    assert.deepEqual(await activeIds(), range(0, 10));
  });

  void test('a planned insert that meets a stored document is reconciled like an audited one', async () => {
    // Documents stored without a tracker (e.g. by a version before it): the scope looks fresh.
    await store.db.collection('discovery_tracker').deleteMany({});
    await servers().updateOne(
      { connection_id: connectionId, unique_id: srv(1) },
      { $set: { name: 'old-name', checksum: 'as-stored-then' } },
    );
    const { audit, insert } = await crawlBatch('run-7', 12);
    assert.equal(audit.created, 12, 'fresh: planned as created without lookups');
    // 0..9 were active (1 edited since), 10 and 11 deactivated by run-6's sweep.
    assert.deepEqual(insert.corrections, { created: -12, updated: 1, unchanged: 9, reactivated: 2 });
    assert.deepEqual(await changeKinds('run-7'), [
      `reactivated ${srv(10)}`,
      `reactivated ${srv(11)}`,
      `updated ${srv(1)}`,
    ]);
    const updated = await store.changes.col.findOne({ run_id: 'run-7', unique_id: srv(1) });
    assert.deepEqual(
      updated?.diff.find((d) => d.field === 'name'),
      { field: 'name', before: 'old-name', after: `node-0000001.${region}.example.internal` },
    );
    const doc = await servers().findOne({ connection_id: connectionId, unique_id: srv(1) });
    assert.equal(doc?.name, `node-0000001.${region}.example.internal`);
    assert.deepEqual(await activeIds(), range(0, 12));
    // A retry of the insert step meets only this run's own documents.
    const retry = await run(acts.insertBatch, {
      ...base('run-7'),
      firstSeq: 0,
      lastSeq: 1,
    });
    assert.deepEqual(retry, { written: 0 });
  });
});
