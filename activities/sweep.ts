import { Context } from '@temporalio/activity';
import type { SweepOutcome } from '../store/runs.js';
import type { ChunkRef } from '../store/tracker.js';
import { changeRecord } from './batch.js';
import type { ActivityDeps, ConnectionCache } from './deps.js';
import type { SweepInput } from './types.js';

const SWEEP_BATCH = 500;

/**
 * The stale sweep of one scope that completed in this run (architecture §5). The candidates come from
 * the scope's tracker (store/tracker.ts): ids recorded by earlier runs that this run did not record.
 * Each is read by `_id` and deactivated only if it is still active in this scope and was not seen in
 * this run, with a change record. The mass-deletion guard refuses when more than `guardShare` of the
 * scope's active resources would go (and at least `guardMin`), unless forced. After a sweep that
 * applied, this run's tracker becomes the scope's membership. Memory holds the scope's ids (not its
 * documents); deactivation works a bounded batch at a time.
 */
export function sweepActivity(deps: ActivityDeps, cache: ConnectionCache) {
  return async function sweepScope(input: SweepInput): Promise<SweepOutcome> {
    const { ownership } = await cache.context(input.connectionId);
    const { key } = input.scope;
    const tracker = deps.store.tracker;
    const membership = await tracker.membership(input.connectionId, key, input.runId);
    const seen = await idSet(deps, membership.current);
    const earlier = await idSet(deps, membership.earlier);
    const candidates = [...earlier].filter((id) => !seen.has(id));
    // Tracked ids, each once: this run's and the earlier ones it lacks.
    const active = seen.size + candidates.length;
    let outcome: SweepOutcome;
    if (
      !input.force &&
      candidates.length >= input.guardMin &&
      candidates.length > input.guardShare * active
    ) {
      outcome = {
        status: 'guarded',
        candidates: candidates.length,
        active,
        deactivated: 0,
        reason: `refused to deactivate ${candidates.length} of ${active} active resources (more than ${Math.round(input.guardShare * 100)} %); re-run with force to apply`,
      };
    } else {
      let deactivated = 0;
      for (let i = 0; i < candidates.length; i += SWEEP_BATCH) {
        deactivated += await deactivateStale(
          deps,
          input,
          ownership.tenantId,
          candidates.slice(i, i + SWEEP_BATCH),
        );
        Context.current().heartbeat({ deactivated });
      }
      await tracker.compact(input.connectionId, key, input.runId, membership.earlier);
      outcome = { status: 'done', candidates: candidates.length, active, deactivated };
    }
    await deps.store.runs.patchScope(input.runId, input.index, {
      deactivated: input.deactivatedBefore + outcome.deactivated,
      sweep: outcome,
    });
    return outcome;
  };
}

async function idSet(deps: ActivityDeps, chunks: ChunkRef[]): Promise<Set<string>> {
  const ids = new Set<string>();
  for await (const chunk of deps.store.tracker.ids(chunks)) for (const id of chunk) ids.add(id);
  return ids;
}

/** Deactivates those of these candidates that are still active in the scope and unseen in this run. */
async function deactivateStale(
  deps: ActivityDeps,
  input: SweepInput,
  tenantId: string | undefined,
  candidates: string[],
): Promise<number> {
  const { entity, key } = input.scope;
  const inv = deps.store.inventory;
  const stale = (await inv.findByUniqueIds(entity, input.connectionId, candidates)).filter(
    (d) => d.active === true && d.crawl_scope === key && d.last_seen_run !== input.runId,
  );
  const at = deps.now();
  const deactivation = {
    kind: 'deactivated' as const,
    diff: [{ field: 'active', before: true, after: false }],
    unset: [],
  };
  const changes = stale.map((d) =>
    changeRecord(input, `${key}#sweep`, tenantId, d.unique_id, deactivation, at),
  );
  await deps.store.changes.record(changes);
  return inv.deactivate(entity, stale, at);
}
