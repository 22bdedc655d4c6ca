import { recordChecksum } from '../core/changes.js';
import { loadPlan } from './audit.js';
import type { ActivityDeps, ConnectionCache } from './deps.js';
import { loadBatch } from './translate.js';
import type { BatchInput } from './types.js';

/**
 * Applies a batch as planned by its audit step: new documents inserted, changed ones updated by `_id`.
 * Records the audit found unchanged are not written at all.
 */
export function insertActivity(deps: ActivityDeps, cache: ConnectionCache) {
  return async function insertBatch(input: BatchInput): Promise<{ written: number }> {
    const { ownership } = await cache.context(input.connectionId);
    const plan = await loadPlan(deps, input);
    if (plan.length === 0) return { written: 0 };
    const byId = new Map(plan.map((p) => [p.unique_id, p]));
    const ops = (await loadBatch(deps, input)).flatMap((record) => {
      const p = byId.get(record.unique_id);
      return p ? [{ record, checksum: recordChecksum(record), unset: p.unset, create: p.create }] : [];
    });
    const written = await deps.store.inventory.write(
      input.scope.entity,
      ownership,
      input.scope.key,
      input.runId,
      ops,
      deps.now(),
    );
    return { written };
  };
}

/**
 * Marks the keys of a batch as seen in this run and scope (the original's "tracker"). Written
 * documents already carry this run; only the unchanged ones are touched.
 */
export function trackActivity(deps: ActivityDeps) {
  return async function trackBatch(input: BatchInput): Promise<{ seen: number }> {
    const changed = new Set((await loadPlan(deps, input)).map((p) => p.unique_id));
    const unchanged = (await loadBatch(deps, input)).map((r) => r.unique_id).filter((id) => !changed.has(id));
    await deps.store.inventory.markSeen(
      input.scope.entity,
      input.connectionId,
      input.scope.key,
      input.runId,
      unchanged,
      deps.now(),
    );
    return { seen: unchanged.length + changed.size };
  };
}
