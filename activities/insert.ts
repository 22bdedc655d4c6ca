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
    const byId = new Map(changes.map((c) => [c.unique_id, c]));
    const ops = (await loadBatch(deps, input)).flatMap((record) => {
      const change = byId.get(record.unique_id);
      return change
        ? [
            {
              record,
              checksum: recordChecksum(record),
              unset: change.unset,
              create: change.kind === 'created',
            },
          ]
        : [];
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
    const changed = new Set(
      (await deps.store.changes.forBatch(input.runId, batchName(input))).map((c) => c.unique_id),
    );
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
