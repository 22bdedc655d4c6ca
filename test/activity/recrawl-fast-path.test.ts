import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { MockActivityEnvironment } from '@temporalio/testing';
import type { Document } from 'mongodb';
import type { SyntheticApi } from '../../bench/synthetic-server.js';
import type { Activities } from '../../activities/index.js';
import type { AuditResult, BatchInput, SweepOutcome } from '../../activities/types.js';
import type { Store } from '../../store/index.js';
import {
  startSyntheticActivities,
  syntheticScope,
  type SyntheticActivities,
} from '../harness/synthetic-activities.js';
import { testConfig } from '../harness/crawl-env.js';

// Unchanged re-crawls (store/tracker.ts `known`, activities/audit.ts): a record whose checksum is the one
// the scope's last run applied is unchanged without an inventory read, within DISCOVERY_RECHECK_HOURS.
// These tests show what the fast path must still see: a changed field, a vanished resource, a batch
// whose write never happened, and (once the recheck window has passed) edits made in the database by
// someone else. Activities in a MockActivityEnvironment over the wire to the MongoDB peer; commands on
// the inventory collection are recorded.
void describe('unchanged re-crawls: the fast path and what it still sees', () => {
  const config = testConfig('recrawl', { MAESTRO_SCAN_QTD: '10', MAESTRO_TRANSLATE_QTD: '100' });
  const region = 'r1';
  const scope = syntheticScope(region);
  /** The activities' clock (tracker `verified_at`, change records). */
  let clock = Date.UTC(2026, 0, 1);
  let serverCommands: Document[] = [];
  let connectionId: string;
  let acts: Activities;
  let store: Store;
  let api: SyntheticApi;

  let harness: SyntheticActivities | undefined;
  before(async () => {
    harness = await startSyntheticActivities(config, {
      region,
      count: 40,
      watch: 'servers',
      onCommand: (cmd) => serverCommands.push(cmd),
      now: () => new Date(clock),
    });
    ({ api, store, acts, connectionId } = harness);
  });
  after(async () => harness?.close());

  const env = new MockActivityEnvironment();
  const run = <I, R>(fn: (input: I) => Promise<R>, input: I): Promise<R> =>
    env.run<[I], R, typeof fn>(fn, input);
  const base = (runId: string) => ({ runId, connectionId, task: 'server-list', scope });

  /** Fetches and translates the region's servers (one batch), ready for the audit. */
  async function fetchBatch(runId: string): Promise<BatchInput> {
    const page = await run(acts.fetchPage, { ...base(runId), token: undefined, seq: 0 });
    assert.equal(page.nextToken, undefined, 'one batch');
    const batch = { ...base(runId), firstSeq: page.firstSeq, lastSeq: page.lastSeq };
    await run(acts.translatePage, batch);
    return batch;
  }

  /** One batch through fetch → audit → insert → track (as the partition runs it), then the sweep. */
  async function crawl(runId: string): Promise<{ audit: AuditResult; sweep: SweepOutcome }> {
    const batch = await fetchBatch(runId);
    serverCommands = [];
    const audit = await run(acts.auditBatch, batch);
    await run(acts.insertBatch, batch);
    if (audit.unchanged - (audit.trusted ?? 0) > 0) await run(acts.trackBatch, batch);
    const sweep = await run(acts.sweepScope, {
      ...base(runId),
      index: 0,
      deactivatedBefore: 0,
      guardShare: 0.5,
      guardMin: 5,
      force: false,
    });
    return { audit, sweep };
  }

  const servers = () => store.db.collection('servers');
  const srv = (i: number) => `srv-${region}-${String(i).padStart(7, '0')}`;
  const doc = (i: number) => servers().findOne({ connection_id: connectionId, unique_id: srv(i) });
  const changes = async (runId: string) =>
    (await store.changes.col.find({ run_id: runId }).toArray()).map((c) => `${c.kind} ${c.unique_id}`).sort();
  /** How many documents the recorded finds asked for by `_id` (one `findOne` each, or `$in` lists). */
  const readIds = () =>
    serverCommands
      .filter((c) => c.find !== undefined)
      .reduce((n, c) => {
        const id = (c.filter as Document)._id as Document | undefined;
        return n + (Array.isArray(id?.$in) ? (id.$in as unknown[]).length : 1);
      }, 0);
  const counts = (a: AuditResult) => ({
    created: a.created,
    updated: a.updated,
    unchanged: a.unchanged,
    deactivated: a.deactivated,
    reactivated: a.reactivated,
  });
  const zero = { created: 0, updated: 0, unchanged: 0, deactivated: 0, reactivated: 0 };

  void test('an unchanged re-crawl reads and writes no inventory document', async () => {
    api.setCount(region, 40);
    const first = await crawl('run-1');
    assert.deepEqual(counts(first.audit), { ...zero, created: 40 });
    clock += 3_600_000;
    const { audit, sweep } = await crawl('run-2');
    assert.deepEqual(counts(audit), { ...zero, unchanged: 40 });
    assert.equal(audit.trusted, 40, 'every record recognised from the tracker');
    assert.deepEqual(serverCommands, [], 'no command on the inventory: no read, no write');
    assert.deepEqual(sweep, { status: 'done', candidates: 0, active: 40, deactivated: 0 });
  });

  void test('a changed field is detected on the fast path: only the changed records are read', async () => {
    api.setEdit(region, { changedEvery: 10 });
    clock += 3_600_000;
    const { audit } = await crawl('run-3');
    assert.deepEqual(counts(audit), { ...zero, updated: 4, unchanged: 36 });
    assert.equal(audit.trusted, 36);
    assert.equal(readIds(), 4 + 4, 'the 4 changed records read by the audit, then by the merge');
    assert.deepEqual(await changes('run-3'), [0, 10, 20, 30].map((i) => `updated ${srv(i)}`).sort());
    assert.equal((await doc(10))?.status, 'Stopped');
    // Changed back: the tracker now holds the changed checksums, so the old ones are a change again.
    api.setEdit(region, undefined);
    clock += 3_600_000;
    const back = await crawl('run-4');
    assert.deepEqual(counts(back.audit), { ...zero, updated: 4, unchanged: 36 });
    assert.equal((await doc(10))?.status, 'Active');
  });

  void test('a vanished resource is swept after a fast-path crawl', async () => {
    api.setEdit(region, { goneEvery: 10 });
    clock += 3_600_000;
    const { audit, sweep } = await crawl('run-5');
    assert.deepEqual(counts(audit), { ...zero, unchanged: 36 });
    assert.equal(audit.trusted, 36);
    assert.deepEqual(sweep, { status: 'done', candidates: 4, active: 40, deactivated: 4 });
    assert.deepEqual(await changes('run-5'), [9, 19, 29, 39].map((i) => `deactivated ${srv(i)}`).sort());
    assert.equal((await doc(19))?.active, false);
    // Listed again: not trusted (no applied checksum of it as active), read, reactivated.
    api.setEdit(region, undefined);
    clock += 3_600_000;
    const again = await crawl('run-6');
    assert.deepEqual(counts(again.audit), { ...zero, unchanged: 36, reactivated: 4 });
    assert.equal((await doc(19))?.active, true);
  });

  void test('a batch audited but never written is not trusted by the next crawl', async () => {
    // run-7 audits a change, then its scope fails before insertBatch: the chunk holds the new checksums.
    api.setEdit(region, { changedEvery: 20 });
    clock += 3_600_000;
    const audit7 = await run(acts.auditBatch, await fetchBatch('run-7'));
    assert.deepEqual(counts(audit7), { ...zero, updated: 2, unchanged: 38 });
    assert.equal((await doc(20))?.status, 'Active', 'not written');
    // run-8 sees the same listing: the two records still differ from what is stored.
    clock += 3_600_000;
    const { audit } = await crawl('run-8');
    assert.deepEqual(counts(audit), { ...zero, updated: 2, unchanged: 38 });
    assert.equal((await doc(20))?.status, 'Stopped');
    api.setEdit(region, undefined);
    clock += 3_600_000;
    assert.deepEqual(counts((await crawl('run-9')).audit), { ...zero, updated: 2, unchanged: 38 });
  });

  void test('edits made in the database by others: a field is left alone as today; past the recheck window, a deactivated or deleted document is restored', async () => {
    // Another writer edits an owned field (not the checksum): as on a read, the record is unchanged
    // and the other writer's value stays until the provider's value changes.
    await servers().updateOne(
      { connection_id: connectionId, unique_id: srv(3) },
      { $set: { name: 'renamed' } },
    );
    // …deactivates one document and deletes another.
    await servers().updateOne(
      { connection_id: connectionId, unique_id: srv(5) },
      { $set: { active: false } },
    );
    await servers().deleteOne({ connection_id: connectionId, unique_id: srv(7) });
    clock += 3_600_000;
    const within = await crawl('run-10');
    assert.deepEqual(counts(within.audit), { ...zero, unchanged: 40 });
    assert.equal(within.audit.trusted, 40, 'within the window the tracker is trusted');
    assert.equal((await doc(3))?.name, 'renamed');
    // Past DISCOVERY_RECHECK_HOURS since the last inventory read, the crawl reads every record again.
    clock += (config.recheckHours + 1) * 3_600_000;
    const { audit } = await crawl('run-11');
    assert.equal(audit.trusted, 0);
    assert.deepEqual(counts(audit), { ...zero, created: 1, reactivated: 1, unchanged: 38 });
    assert.deepEqual(await changes('run-11'), [`created ${srv(7)}`, `reactivated ${srv(5)}`]);
    assert.equal((await doc(5))?.active, true);
    assert.ok(await doc(7));
    assert.equal((await doc(3))?.name, 'renamed', 'an owned field edited by others is still left alone');
    // The read refreshed the tracker: the next crawl trusts it again.
    clock += 3_600_000;
    assert.equal((await crawl('run-12')).audit.trusted, 40);
  });
});
