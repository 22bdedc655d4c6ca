import { classifyRecord } from '../core/changes.js';
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

/**
 * Compares a batch with the stored inventory and writes the change records (created / updated /
 * deactivated / reactivated, with field diffs) to `discovery_changes` before anything is applied: a
 * write-ahead log that `insertBatch` then applies. Keyed by (run, entity, resource), so a retry is a no-op.
 */
export function auditActivity(deps: ActivityDeps, cache: ConnectionCache) {
  return async function auditBatch(input: BatchInput): Promise<AuditResult> {
    const { provider, ownership } = await cache.context(input.connectionId);
    const kind = resourceKind(provider, input.scope);
    const records = await loadBatch(deps, input);
    const existing = await deps.store.inventory.findByUniqueIds(
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
      if (c.kind === 'unchanged') continue;
      changes.push({
        _id: changeId(input.runId, input.scope.entity, record.unique_id),
        connection_id: input.connectionId,
        tenant_id: ownership.tenantId,
        entity: input.scope.entity,
        unique_id: record.unique_id,
        kind: c.kind,
        run_id: input.runId,
        scope: input.scope.key,
        batch: batchName(input),
        at,
        diff: c.diff,
        // A resource seen again is no longer deactivated.
        unset: c.kind === 'reactivated' ? [...c.unset, 'deactivated_at'] : c.unset,
      });
    }
    await deps.store.changes.record(changes);
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
