import { classifyRecord, type Classification } from '../core/changes.js';
import type { NormalizedRecord } from '../core/model.js';
import { changeId, type ChangeDoc } from '../store/changes.js';
import type { ActivityDeps, ConnectionCache } from './deps.js';
import { resourceKind } from './deps.js';
import { batchName, loadBatch } from './translate.js';
import type { AuditResult, BatchInput } from './types.js';

/** One written record of a batch, as planned by the audit step. */
export interface BatchPlan {
  unique_id: string;
  create: boolean;
  unset: string[];
}

export async function loadPlan(deps: ActivityDeps, input: BatchInput): Promise<BatchPlan[]> {
  return (await deps.store.staging.items(
    input.runId,
    input.scope.key,
    'plan',
    input.firstSeq,
    input.firstSeq,
  )) as BatchPlan[];
}

/** The change record of one resource of a batch (keyed by run, entity and resource). */
export function changeRecord(
  input: BatchInput,
  tenantId: string | undefined,
  uniqueId: string,
  c: Exclude<Classification, { kind: 'unchanged' }>,
  at: Date,
): ChangeDoc {
  return {
    _id: changeId(input.runId, input.scope.entity, uniqueId),
    connection_id: input.connectionId,
    tenant_id: tenantId,
    entity: input.scope.entity,
    unique_id: uniqueId,
    kind: c.kind,
    run_id: input.runId,
    scope: input.scope.key,
    batch: batchName(input),
    at,
    diff: c.diff,
    // A resource seen again is no longer deactivated.
    unset: c.kind === 'reactivated' ? [...c.unset, 'deactivated_at'] : c.unset,
  };
}

/**
 * Compares a batch with the stored inventory and, before anything is applied, writes what the later
 * steps apply: the change records (created / updated / deactivated / reactivated, with field diffs) to
 * `discovery_changes` (a write-ahead log keyed by run, entity and resource, so a retry is a no-op), the
 * batch's active ids to the scope's tracker (store/tracker.ts), and the plan `insertBatch` follows.
 * A scope whose tracker is fresh has nothing stored: every record is new and nothing is looked up
 * (`insertBatch` reconciles any document that is there nevertheless).
 */
export function auditActivity(deps: ActivityDeps, cache: ConnectionCache) {
  return async function auditBatch(input: BatchInput): Promise<AuditResult> {
    const { provider, ownership } = await cache.context(input.connectionId);
    const kind = resourceKind(provider, input.scope);
    const records = await loadBatch(deps, input);
    const fresh = await deps.store.tracker.isFresh(input.connectionId, input.scope.key, input.runId);
    const existing = fresh
      ? []
      : await deps.store.inventory.findByUniqueIds(
          input.scope.entity,
          input.connectionId,
          records.map((r) => r.unique_id),
        );
    const byId = new Map(existing.map((d) => [d.unique_id, d]));
    const result: AuditResult = { created: 0, updated: 0, unchanged: 0, deactivated: 0, reactivated: 0 };
    const changes: ChangeDoc[] = [];
    const at = deps.now();
    for (const record of records) {
      const c = classifyRecord(byId.get(record.unique_id) ?? null, record, kind.fields);
      result[c.kind] += 1;
      if (c.kind !== 'unchanged')
        changes.push(changeRecord(input, ownership.tenantId, record.unique_id, c, at));
    }
    await deps.store.changes.record(changes);
    await deps.store.tracker.record(
      input.connectionId,
      input.scope.key,
      input.runId,
      input.firstSeq,
      activeIds(records),
    );
    // What insert and track need, next to the batch (read by _id, not by scanning the change log).
    const plan: BatchPlan[] = changes.map((c) => ({
      unique_id: c.unique_id,
      create: c.kind === 'created',
      unset: c.unset,
    }));
    await deps.store.staging.put(input.runId, input.scope.key, 'plan', input.firstSeq, plan);
    return result;
  };
}

function activeIds(records: NormalizedRecord[]): string[] {
  return records.filter((r) => r.active !== false).map((r) => r.unique_id);
}
