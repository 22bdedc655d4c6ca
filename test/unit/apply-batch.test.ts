// workflows/apply-batch.ts: the steps after a batch's translation, shared by crawls and re-translations.
// The activities are an in-process fake that records the calls (the workflow layer runs the real ones).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AuditResult, BatchInput, TranslateResult } from '../../activities/types.js';
import { zeroCounts } from '../../core/model.js';
import type { ActivityHandles } from '../../workflows/activity-options.js';
import { applyBatch } from '../../workflows/apply-batch.js';

const BATCH: BatchInput = {
  runId: 'run-1',
  connectionId: 'conn-1',
  task: 'server-list',
  scope: {
    key: 'ec2.describeInstances@us-east-1',
    command: 'ec2.describeInstances',
    entity: 'servers',
    region: 'us-east-1',
  },
  firstSeq: 3,
  lastSeq: 4,
};

function fakeActs(audit: AuditResult, corrections?: { created: number; updated: number }) {
  const calls: string[] = [];
  const step =
    <R>(name: string, result: R) =>
    (input: BatchInput): Promise<R> => {
      assert.deepEqual(input, BATCH, `${name} gets the batch`);
      calls.push(name);
      return Promise.resolve(result);
    };
  const acts = {
    auditBatch: step('auditBatch', audit),
    insertBatch: step('insertBatch', { written: 1, ...(corrections ? { corrections } : {}) }),
    trackBatch: step('trackBatch', { seen: 1 }),
    externalAuditBatch: step('externalAuditBatch', { sent: 1 }),
  };
  return { calls, acts: acts as unknown as ActivityHandles };
}

const AUDIT: AuditResult = { created: 2, updated: 1, unchanged: 4, deactivated: 1, reactivated: 0 };
const translated = (records: number, skipped: number): TranslateResult => ({ records, skipped, errors: [] });

void describe('applyBatch', () => {
  void test('audit → insert → track → external audit, in that order; the counts of all of them', async () => {
    const { calls, acts } = fakeActs(AUDIT, { created: -1, updated: 1 });
    const counts = await applyBatch(acts, BATCH, translated(8, 2), {
      track: () => true,
      externalAudit: true,
    });
    assert.deepEqual(calls, ['auditBatch', 'insertBatch', 'trackBatch', 'externalAuditBatch']);
    assert.deepEqual(counts, {
      ...zeroCounts(),
      created: 1,
      updated: 2,
      unchanged: 4,
      deactivated: 1,
      skipped: 2,
    });
  });

  void test('track decides from the audit; no external audit unless asked', async () => {
    const seen: AuditResult[] = [];
    const { calls, acts } = fakeActs(AUDIT);
    await applyBatch(acts, BATCH, translated(8, 0), {
      track: (audit) => (seen.push(audit), audit.unchanged === 0),
      externalAudit: false,
    });
    assert.deepEqual(seen, [AUDIT]);
    assert.deepEqual(calls, ['auditBatch', 'insertBatch']);
  });

  void test('a translation without records runs no step and counts only the skipped items', async () => {
    const { calls, acts } = fakeActs(AUDIT);
    const counts = await applyBatch(acts, BATCH, translated(0, 3), {
      track: () => true,
      externalAudit: true,
    });
    assert.deepEqual(calls, []);
    assert.deepEqual(counts, { ...zeroCounts(), skipped: 3 });
  });

  void test('skipEmptyInsert: no insertBatch when the audit found nothing to write, as before otherwise', async () => {
    const unchanged: AuditResult = {
      ...AUDIT,
      created: 0,
      updated: 0,
      deactivated: 0,
      unchanged: 8,
      trusted: 8,
    };
    const options = { track: () => false, externalAudit: false, skipEmptyInsert: true };
    const quiet = fakeActs(unchanged);
    const counts = await applyBatch(quiet.acts, BATCH, translated(8, 0), options);
    assert.deepEqual(quiet.calls, ['auditBatch']);
    assert.deepEqual(counts, { ...zeroCounts(), unchanged: 8 });
    const changed = fakeActs({ ...unchanged, reactivated: 1, unchanged: 7 });
    await applyBatch(changed.acts, BATCH, translated(8, 0), options);
    assert.deepEqual(changed.calls, ['auditBatch', 'insertBatch']);
    const before = fakeActs(unchanged);
    await applyBatch(before.acts, BATCH, translated(8, 0), { ...options, skipEmptyInsert: false });
    assert.deepEqual(before.calls, ['auditBatch', 'insertBatch']);
  });
});
