import { classifyRecord } from '../core/changes.js';
import type { Counts } from '../core/model.js';
import { changeId, type ChangeDoc } from '../store/changes.js';
import { ObjectId } from 'mongodb';
import { mergeTopLevel } from '../core/merge.js';
import { heldByTenant, inventoryId, type WriteOp } from '../store/inventory.js';
import { requireOwner } from './audit.js';
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
    requireOwner(ownership.tenantId);
    const { writes: plan } = await loadPlan(deps, input);
    // Once the batch is written, its tracker chunk's checksums are the stored ones (store/tracker.ts).
    const applied = (skip: string[]) =>
      deps.store.tracker.applied(input.connectionId, input.scope.key, input.runId, input.firstSeq, skip);
    if (plan.length === 0) {
      await applied([]);
      return { written: 0 };
    }
    const byId = new Map(plan.map((p) => [p.unique_id, p]));
    const ops = (await loadBatch(deps, input)).flatMap((record) => {
      const p = byId.get(record.unique_id);
      if (!p) return [];
      const op: WriteOp = { record, checksum: p.checksum, unset: p.unset, create: p.create };
      if (p.id) op.id = ObjectId.createFromHexString(p.id);
      return [op];
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
    await mergeStored(deps, input, ownership.connectionId, ops);
    const { written, existing } = await write(ops);
    // An update that matched nothing (a document deleted meanwhile) leaves the chunk unapplied: the next
    // crawl reads the inventory for the whole batch instead of trusting it.
    const complete = written + existing.length >= ops.length;
    if (existing.length === 0) {
      if (complete) await applied([]);
      return { written };
    }
    const fix = await reconcile(deps, cache, input, ops, existing);
    let result: InsertResult = { written };
    let fixComplete = true;
    if (fix.corrections.created !== 0) {
      // Only what was written counts as applied: an adoption that found its document gone meanwhile is
      // left to the next crawl, and the change record says so no longer.
      const again = fix.ops.length > 0 ? (await write(fix.ops)).written : 0;
      fixComplete = again >= fix.ops.length;
      result = { written: written + again, corrections: fix.corrections };
    }
    if (complete && fixComplete) await applied(fix.dropped);
    return result;
  };
}

/**
 * Planned inserts that found a document there: this run's own (an earlier attempt of this step) are
 * done; any other this connection holds (the audit assumed a fresh scope, yet the resource was stored
 * by a crawl before the tracker existed, or under another scope) is classified against the stored
 * document like any audited record: its change record is rewritten (or removed when unchanged) and
 * the update returned. A document of the same `unique_id` held by no document of this connection met
 * Maestro's `<entity>_unique` index: when the connection's tenant holds it (the original discovery-api
 * wrote it, or another connection of the tenant), it is adopted — updated in place under its own
 * `_id`, swept later like Discovery's own, the adoption recorded in the change; when another tenant
 * holds it, nothing is written and the run counts a conflict.
 */
async function reconcile(
  deps: ActivityDeps,
  cache: ConnectionCache,
  input: BatchInput,
  ops: WriteOp[],
  existing: string[],
): Promise<{ ops: WriteOp[]; corrections: Partial<Counts>; dropped: string[] }> {
  const { provider, ownership } = await cache.context(input.connectionId);
  const kind = resourceKind(provider, input.scope);
  const byId = new Map(ops.map((op) => [op.record.unique_id, op]));
  const inv = deps.store.inventory;
  const own = await inv.findByUniqueIds(input.scope.entity, input.connectionId, existing);
  const ownIds = new Set(own.map((d) => d.unique_id));
  const held = await inv.findHolders(
    input.scope.entity,
    existing.filter((u) => !ownIds.has(u)),
  );
  const corrections: Partial<Counts> = { created: 0 };
  const fixed: WriteOp[] = [];
  const rewritten: ChangeDoc[] = [];
  const dropped: string[] = [];
  const unchanged: string[] = [];
  const at = deps.now();
  const count = (k: keyof Counts) => {
    corrections.created! -= 1;
    corrections[k] = (corrections[k] ?? 0) + 1;
  };
  for (const doc of own) {
    const op = byId.get(doc.unique_id);
    if (!op || doc.last_seen_run === input.runId) continue;
    const c = classifyRecord(doc, op.record, kind.fields);
    count(c.kind);
    if (c.kind === 'unchanged') {
      unchanged.push(doc.unique_id);
      continue;
    }
    const change = changeRecord(input, batchName(input), ownership.tenantId, doc.unique_id, c, at);
    rewritten.push(change);
    fixed.push({ record: op.record, checksum: op.checksum, unset: change.unset, create: false, id: doc._id });
  }
  const heldIds = new Set(held.map((d) => d.unique_id));
  // In the way at insert time, gone since: not written, so not counted as created (the next crawl).
  for (const u of existing) {
    if (ownIds.has(u) || heldIds.has(u)) continue;
    corrections.created! -= 1;
    dropped.push(u);
  }
  for (const doc of held) {
    const op = byId.get(doc.unique_id);
    if (!op) continue;
    if (!heldByTenant(doc, ownership.tenantId)) {
      // Another tenant's resource: never overwritten, never counted as created.
      count('conflicts');
      dropped.push(doc.unique_id);
      continue;
    }
    const c = classifyRecord(doc, op.record, kind.fields);
    // Adopted even when its fields match: it takes this connection's identity and bookkeeping.
    const adoptedKind = c.kind === 'unchanged' ? 'updated' : c.kind;
    count(adoptedKind);
    const change: ChangeDoc = {
      ...changeRecord(
        input,
        batchName(input),
        ownership.tenantId,
        doc.unique_id,
        c.kind === 'unchanged' ? { kind: 'updated', diff: [], unset: [] } : c,
        at,
      ),
      adopted: {
        _id: String(doc._id),
        connection_id: typeof doc.connection_id === 'string' ? doc.connection_id : null,
      },
    };
    rewritten.push(change);
    fixed.push({ record: op.record, checksum: op.checksum, unset: change.unset, create: false, id: doc._id });
  }
  for (const op of fixed) {
    const doc = [...own, ...held].find((d) => d._id.equals(op.id));
    if (doc) op.merged = mergeTopLevel(doc, op.record);
  }
  await deps.store.changes.replace(rewritten);
  await deps.store.changes.remove(
    [...unchanged, ...dropped].map((u) => changeId(input.runId, input.scope.entity, u)),
  );
  await markSeen(deps, input, unchanged, at);
  return { ops: fixed, corrections, dropped };
}

/**
 * The planned updates, merged with the stored documents as the original merged (core/merge.ts,
 * spec §7.3): what users added to tags, applications, auth… and nested objects is kept.
 */
async function mergeStored(deps: ActivityDeps, input: BatchInput, connectionId: string, ops: WriteOp[]) {
  const updates = ops.filter((op) => !op.create);
  if (updates.length === 0) return;
  const idOf = (op: WriteOp) => op.id ?? inventoryId(connectionId, op.record.unique_id);
  const docs = await deps.store.inventory.findByObjectIds(input.scope.entity, updates.map(idOf));
  const byId = new Map(docs.map((d) => [d._id.toHexString(), d]));
  for (const op of updates) {
    const doc = byId.get(idOf(op).toHexString());
    if (doc) op.merged = mergeTopLevel(doc, op.record);
  }
}

/**
 * Marks the keys of a batch as seen in this run and scope (`last_seen`, `last_seen_run`). Written
 * documents already carry this run; only the unchanged ones the audit read are touched. Those it
 * trusted from the tracker are not written: their sighting is this run's tracker chunk, and their
 * `last_seen` is refreshed by the next crawl that reads them (within `DISCOVERY_RECHECK_HOURS`).
 */
export function trackActivity(deps: ActivityDeps) {
  return async function trackBatch(input: BatchInput): Promise<{ seen: number }> {
    const plan = await loadPlan(deps, input);
    const changed = new Set(plan.writes.map((p) => p.unique_id));
    const trusted = new Set(plan.trusted);
    const unchanged = (await loadBatch(deps, input))
      .map((r) => r.unique_id)
      .filter((id) => !changed.has(id) && !trusted.has(id));
    await markSeen(deps, input, unchanged, deps.now());
    return { seen: unchanged.length + changed.size + trusted.size };
  };
}
