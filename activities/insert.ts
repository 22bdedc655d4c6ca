import { classifyRecord } from '../core/changes.js';
import type { Counts } from '../core/model.js';
import { changeId, type ChangeDoc } from '../store/changes.js';
import type { WriteOp } from '../store/inventory.js';
import { batchName, changeRecord, loadBatch, loadPlan, markSeen } from './batch.js';
import type { ActivityDeps, ConnectionCache } from './deps.js';
import { resourceKind } from './deps.js';
import type { BatchInput, InsertResult } from './types.js';

/**
 * Applies a batch as planned by its audit step: new documents inserted, changed ones updated by `_id`.
 * Records the audit found unchanged are not written at all. A planned insert that meets a document
 * already there is reconciled (see `reconcile`); the counts it corrects are returned.
 */
export function insertActivity(deps: ActivityDeps, cache: ConnectionCache) {
  return async function insertBatch(input: BatchInput): Promise<InsertResult> {
    const { ownership } = await cache.context(input.connectionId);
    const plan = await loadPlan(deps, input);
    if (plan.length === 0) return { written: 0 };
    const byId = new Map(plan.map((p) => [p.unique_id, p]));
    const ops = (await loadBatch(deps, input)).flatMap((record) => {
      const p = byId.get(record.unique_id);
      return p ? [{ record, checksum: p.checksum, unset: p.unset, create: p.create }] : [];
    });
    const write = (batch: WriteOp[]) =>
      deps.store.inventory.write(
        input.scope.entity,
        ownership,
        input.scope.key,
        input.runId,
        batch,
        deps.now(),
      );
    const { written, existing } = await write(ops);
    if (existing.length === 0) return { written };
    const fix = await reconcile(deps, cache, input, ops, existing);
    if (fix.corrections.created === 0) return { written };
    return { written: written + (await write(fix.ops)).written, corrections: fix.corrections };
  };
}

/**
 * Planned inserts that found a document there: this run's own (an earlier attempt of this step) are
 * done; any other (the audit assumed a fresh scope, yet the resource was stored by a crawl before the
 * tracker existed, or under another scope) is classified against the stored document like any
 * audited record: its change record is rewritten (or removed when unchanged) and the update returned.
 */
async function reconcile(
  deps: ActivityDeps,
  cache: ConnectionCache,
  input: BatchInput,
  ops: WriteOp[],
  existing: string[],
): Promise<{ ops: WriteOp[]; corrections: Partial<Counts> }> {
  const { provider, ownership } = await cache.context(input.connectionId);
  const kind = resourceKind(provider, input.scope);
  const byId = new Map(ops.map((op) => [op.record.unique_id, op]));
  const docs = await deps.store.inventory.findByUniqueIds(input.scope.entity, input.connectionId, existing);
  const corrections: Partial<Counts> = { created: 0 };
  const fixed: WriteOp[] = [];
  const rewritten: ChangeDoc[] = [];
  const unchanged: string[] = [];
  const at = deps.now();
  for (const doc of docs) {
    const op = byId.get(doc.unique_id);
    if (!op || doc.last_seen_run === input.runId) continue;
    const c = classifyRecord(doc, op.record, kind.fields);
    corrections.created! -= 1;
    corrections[c.kind] = (corrections[c.kind] ?? 0) + 1;
    if (c.kind === 'unchanged') {
      unchanged.push(doc.unique_id);
      continue;
    }
    const change = changeRecord(input, batchName(input), ownership.tenantId, doc.unique_id, c, at);
    rewritten.push(change);
    fixed.push({ record: op.record, checksum: op.checksum, unset: change.unset, create: false });
  }
  await deps.store.changes.replace(rewritten);
  await deps.store.changes.remove(unchanged.map((u) => changeId(input.runId, input.scope.entity, u)));
  await markSeen(deps, input, unchanged, at);
  return { ops: fixed, corrections };
}

/**
 * Marks the keys of a batch as seen in this run and scope (`last_seen`, `last_seen_run`). Written
 * documents already carry this run; only the unchanged ones are touched.
 */
export function trackActivity(deps: ActivityDeps) {
  return async function trackBatch(input: BatchInput): Promise<{ seen: number }> {
    const changed = new Set((await loadPlan(deps, input)).map((p) => p.unique_id));
    const unchanged = (await loadBatch(deps, input)).map((r) => r.unique_id).filter((id) => !changed.has(id));
    await markSeen(deps, input, unchanged, deps.now());
    return { seen: unchanged.length + changed.size };
  };
}
