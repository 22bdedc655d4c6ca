import { classifyRecord } from '../core/changes.js';
import type { NormalizedRecord } from '../core/model.js';
import type { ChangeDoc } from '../store/changes.js';
import { batchName, changeRecord, loadBatch, type BatchPlan } from './batch.js';
import type { ActivityDeps, ConnectionCache } from './deps.js';
import { resourceKind } from './deps.js';
import type { AuditResult, BatchInput } from './types.js';

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
    // What insert and track need, next to the batch (read by _id, not by scanning the change log).
    const plan: BatchPlan[] = [];
    const at = deps.now();
    for (const record of records) {
      const c = classifyRecord(byId.get(record.unique_id) ?? null, record, kind.fields);
      result[c.kind] += 1;
      if (c.kind === 'unchanged') continue;
      const change = changeRecord(input, batchName(input), ownership.tenantId, record.unique_id, c, at);
      changes.push(change);
      plan.push({
        unique_id: change.unique_id,
        create: c.kind === 'created',
        unset: change.unset,
        checksum: c.checksum,
      });
    }
    await deps.store.changes.record(changes);
    await deps.store.tracker.record(
      input.connectionId,
      input.scope.key,
      input.runId,
      input.firstSeq,
      activeIds(records),
    );
    await deps.store.staging.put(input.runId, input.scope.key, 'plan', input.firstSeq, plan);
    return result;
  };
}

function activeIds(records: NormalizedRecord[]): string[] {
  return records.filter((r) => r.active !== false).map((r) => r.unique_id);
}
