import { Context } from '@temporalio/activity';
import { changeId, type ChangeDoc } from '../store/changes.js';
import type { SweepOutcome } from '../store/runs.js';
import type { ActivityDeps, ConnectionCache } from './deps.js';
import type { SweepInput } from './types.js';

const SWEEP_BATCH = 500;

/**
 * The stale sweep of one scope that completed in this run (architecture §5): active resources of the
 * scope not seen in this run become `active: false`, each with a change record. The mass-deletion
 * guard refuses when more than `guardShare` of the scope's active resources would go (and at least
 * `guardMin`), unless forced. Works a bounded batch at a time.
 */
export function sweepActivity(deps: ActivityDeps, cache: ConnectionCache) {
  return async function sweepScope(input: SweepInput): Promise<SweepOutcome> {
    const { ownership } = await cache.context(input.connectionId);
    const { entity, key } = input.scope;
    const inv = deps.store.inventory;
    const { active, stale: candidates } = await inv.countActiveAndStale(
      entity,
      input.connectionId,
      key,
      input.runId,
    );
    let outcome: SweepOutcome;
    if (candidates === 0) {
      outcome = { status: 'done', candidates, active, deactivated: 0 };
    } else if (!input.force && candidates >= input.guardMin && candidates > input.guardShare * active) {
      outcome = {
        status: 'guarded',
        candidates,
        active,
        deactivated: 0,
        reason: `refused to deactivate ${candidates} of ${active} active resources (more than ${Math.round(input.guardShare * 100)} %); re-run with force to apply`,
      };
    } else {
      let deactivated = 0;
      for (let i = 0; i <= Math.ceil(candidates / SWEEP_BATCH) + 1; i++) {
        const stale = await inv.staleBatch(entity, input.connectionId, key, input.runId, SWEEP_BATCH);
        if (stale.length === 0) break;
        const at = deps.now();
        const changes: ChangeDoc[] = stale.map((d) => ({
          _id: changeId(input.runId, entity, d.unique_id),
          connection_id: input.connectionId,
          tenant_id: ownership.tenantId,
          entity,
          unique_id: d.unique_id,
          kind: 'deactivated',
          run_id: input.runId,
          scope: key,
          batch: `${key}#sweep`,
          at,
          diff: [{ field: 'active', before: true, after: false }],
          unset: [],
        }));
        await deps.store.changes.record(changes);
        deactivated += await inv.deactivate(
          entity,
          input.connectionId,
          stale.map((d) => d.unique_id),
          at,
        );
        Context.current().heartbeat({ deactivated });
      }
      outcome = { status: 'done', candidates, active, deactivated };
    }
    await deps.store.runs.patchScope(input.runId, input.index, {
      deactivated: input.deactivatedBefore + outcome.deactivated,
      sweep: outcome,
    });
    return outcome;
  };
}
