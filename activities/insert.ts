import { recordChecksum } from '../core/changes.js';
import type { ActivityDeps, ConnectionCache } from './deps.js';
import { batchName, loadBatch } from './translate.js';
import type { BatchInput } from './types.js';

/**
 * Applies a batch's change records: one unordered bulkWrite of upserts by (connection, unique_id).
 * Records without a change record are unchanged and are not written at all.
 */
export function insertActivity(deps: ActivityDeps, cache: ConnectionCache) {
  return async function insertBatch(input: BatchInput): Promise<{ written: number }> {
    const { ownership } = await cache.context(input.connectionId);
    const changes = await deps.store.changes.forBatch(input.runId, batchName(input));
    if (changes.length === 0) return { written: 0 };
    const unsetById = new Map(changes.map((c) => [c.unique_id, c.unset]));
    const records = (await loadBatch(deps, input)).filter((r) => unsetById.has(r.unique_id));
    const ops = records.map((record) => ({ record, checksum: recordChecksum(record), unset: unsetById.get(record.unique_id) ?? [] }));
    const written = await deps.store.inventory.write(input.scope.entity, ownership, input.scope.key, input.runId, ops, deps.now());
    return { written };
  };
}

/** Marks every key of a batch as seen in this run and scope (the original's "tracker"). */
export function trackActivity(deps: ActivityDeps) {
  return async function trackBatch(input: BatchInput): Promise<{ seen: number }> {
    const ids = (await loadBatch(deps, input)).map((r) => r.unique_id);
    const seen = await deps.store.inventory.markSeen(input.scope.entity, input.connectionId, input.scope.key, input.runId, ids, deps.now());
    return { seen };
  };
}
