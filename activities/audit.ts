import { ApplicationFailure } from '@temporalio/common';
import { classifyRecord, recordChecksum } from '../core/changes.js';
import type { NormalizedRecord } from '../core/model.js';
import { heldByTenant, inventoryId, type InventoryDoc } from '../store/inventory.js';
import type { ChangeDoc } from '../store/changes.js';
import type { Entity } from '../core/model.js';
import type { ResourceKind } from '../providers/types.js';
import { batchName, changeRecord, loadBatch, type PlanEntry } from './batch.js';
import type { ActivityDeps, ConnectionCache } from './deps.js';
import { resourceKind } from './deps.js';
import type { AuditResult, BatchInput } from './types.js';

/** Maestro's words (spec §7.2): a connection without `owner_user` writes nothing. */
export const MISSING_OWNER = 'Missing Owner User/Team in this connection.';
export const MISSING_OWNER_TYPE = 'MissingOwner';

/** Fails the step, not retryably, when the connection has no owner: nothing may be written. */
export function requireOwner(tenantId: string | undefined): void {
  if (tenantId === undefined)
    throw ApplicationFailure.create({ type: MISSING_OWNER_TYPE, message: MISSING_OWNER, nonRetryable: true });
}

/**
 * Compares a batch with the stored inventory and, before anything is applied, writes what the later
 * steps apply: the change records (created / updated / deactivated / reactivated, with field diffs) to
 * `discovery_changes` (a write-ahead log keyed by run, entity and resource, so a retry is a no-op), the
 * batch's active ids to the scope's tracker (store/tracker.ts), and the plan `insertBatch` follows.
 * A scope whose tracker is fresh has nothing stored: every record is new and nothing is looked up
 * (`insertBatch` reconciles any document that is there nevertheless). On a re-crawl, a record whose
 * checksum is the one the scope's last run applied (its tracker chunk, verified against the inventory
 * within `DISCOVERY_RECHECK_HOURS`) is unchanged without a lookup ("trusted"); the others are looked up.
 */
export function auditActivity(deps: ActivityDeps, cache: ConnectionCache) {
  return async function auditBatch(input: BatchInput): Promise<AuditResult> {
    const { provider, ownership } = await cache.context(input.connectionId);
    requireOwner(ownership.tenantId);
    const kind = resourceKind(provider, input.scope);
    const records = await loadBatch(deps, input);
    const at = deps.now();
    const known = await deps.store.tracker.known(
      input.connectionId,
      input.scope.key,
      input.runId,
      input.firstSeq,
    );
    // Records whose checksum is the one the scope's last run applied, verified within the recheck window:
    // unchanged, without reading the inventory.
    // A re-translation (raw pages of another run) is the explicit "check everything again": it reads the
    // inventory for every record, so a document that differs from what the tracker says is repaired.
    const since = input.rawRunId ? Infinity : at.getTime() - deps.config.recheckHours * 3_600_000;
    const trusted = new Map<string, Date>();
    const checksums = new Map<string, string>();
    for (const r of records) {
      const k = known.sums.get(r.unique_id);
      if (!k || r.active === false || k.verifiedAt.getTime() <= since) continue;
      if (k.checksum !== recordChecksum(r)) continue;
      trusted.set(r.unique_id, k.verifiedAt);
      checksums.set(r.unique_id, k.checksum);
    }
    const lookup = records.filter((r) => !trusted.has(r.unique_id)).map((r) => r.unique_id);
    const existing =
      known.fresh || lookup.length === 0
        ? []
        : await deps.store.inventory.findByUniqueIds(input.scope.entity, input.connectionId, lookup);
    const byId = new Map(existing.map((d) => [d.unique_id, d]));
    const legacy = await legacyHolders(
      deps,
      kind,
      input.scope.entity,
      ownership.tenantId,
      records.filter((r) => !trusted.has(r.unique_id)),
      byId,
    );
    const result: AuditResult = {
      created: 0,
      updated: 0,
      unchanged: 0,
      deactivated: 0,
      reactivated: 0,
      trusted: trusted.size,
    };
    const changes: ChangeDoc[] = [];
    // What insert and track need, next to the batch (read by _id, not by scanning the change log).
    const plan: PlanEntry[] = [];
    for (const record of records) {
      if (trusted.has(record.unique_id)) {
        result.unchanged += 1;
        plan.push({ unique_id: record.unique_id, trusted: true });
        continue;
      }
      const old = legacy.get(record.unique_id);
      const stored = byId.get(record.unique_id) ?? old;
      const classified = classifyRecord(stored ?? null, record, kind.fields);
      // A document under a legacy id is re-keyed even where its fields match.
      const c =
        old && classified.kind === 'unchanged'
          ? { kind: 'updated' as const, checksum: classified.checksum, diff: [], unset: [] }
          : classified;
      result[c.kind] += 1;
      checksums.set(record.unique_id, c.checksum);
      if (c.kind === 'unchanged') continue;
      const change: ChangeDoc = {
        ...changeRecord(input, batchName(input), ownership.tenantId, record.unique_id, c, at),
        ...(old
          ? {
              adopted: {
                _id: String(old._id),
                connection_id: typeof old.connection_id === 'string' ? old.connection_id : null,
                unique_id: old.unique_id,
              },
            }
          : {}),
      };
      changes.push(change);
      plan.push({
        unique_id: change.unique_id,
        create: c.kind === 'created',
        unset: change.unset,
        checksum: c.checksum,
        ...(stored && !stored._id.equals(inventoryId(input.connectionId, record.unique_id))
          ? { id: stored._id.toHexString() }
          : {}),
      });
    }
    await deps.store.changes.record(changes);
    // The chunk's checksums rest on this batch's inventory reads, and on the older ones it trusted.
    let verifiedAt = at;
    for (const t of trusted.values()) if (t < verifiedAt) verifiedAt = t;
    const ids = activeIds(records);
    await deps.store.tracker.record(input.connectionId, input.scope.key, input.runId, input.firstSeq, ids, {
      checksums: ids.map((id) => checksums.get(id)!),
      verifiedAt,
    });
    await deps.store.staging.put(input.runId, input.scope.key, 'plan', input.firstSeq, plan);
    // Nothing to write: the chunk's checksums are the stored ones already (a crawl skips insertBatch then).
    if (changes.length === 0)
      await deps.store.tracker.applied(input.connectionId, input.scope.key, input.runId, input.firstSeq, []);
    return result;
  };
}

/**
 * For the records of a kind whose `unique_id` differs from the original discovery-api's
 * (`legacyUniqueIds`) and that have no document yet: the tenant's documents stored under an old id,
 * by new id (each old document adopted once). Another tenant's, or one this connection already holds
 * under a current id, is left alone.
 */
async function legacyHolders(
  deps: ActivityDeps,
  kind: ResourceKind<unknown>,
  entity: Entity,
  tenantId: string | undefined,
  records: NormalizedRecord[],
  stored: Map<string, InventoryDoc>,
): Promise<Map<string, InventoryDoc>> {
  const out = new Map<string, InventoryDoc>();
  if (!kind.legacyUniqueIds) return out;
  const wanted = new Map<string, string>();
  for (const r of records) {
    if (stored.has(r.unique_id)) continue;
    for (const old of kind.legacyUniqueIds(r))
      if (old !== r.unique_id && !wanted.has(old)) wanted.set(old, r.unique_id);
  }
  if (wanted.size === 0) return out;
  for (const doc of await deps.store.inventory.findHolders(entity, [...wanted.keys()])) {
    const now = wanted.get(doc.unique_id);
    if (now && !out.has(now) && heldByTenant(doc, tenantId)) out.set(now, doc);
  }
  return out;
}

function activeIds(records: NormalizedRecord[]): string[] {
  return records.filter((r) => r.active !== false).map((r) => r.unique_id);
}
