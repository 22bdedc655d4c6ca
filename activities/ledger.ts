import { MISSING_OWNER, MISSING_OWNER_TYPE } from './audit.js';
import type { ActivityDeps } from './deps.js';
import type { FinishInput, ScopeLedgerInput } from './types.js';

/**
 * The run ledger steps. `setupScope` opens a scope in this run (the original's "reset tracker": the
 * tracker is kept per run, store/tracker.ts, so nothing needs clearing); `closeScope` records its
 * outcome and counters.
 */
export function ledgerActivities(deps: ActivityDeps) {
  return {
    async setupScope(input: ScopeLedgerInput): Promise<void> {
      await deps.store.runs.patchScope(input.runId, input.index, {
        status: 'running',
        started_at: deps.now(),
      });
    },

    async closeScope(input: ScopeLedgerInput): Promise<void> {
      if (!input.outcome) throw new Error('closeScope: outcome is required');
      await deps.store.runs.patchScope(input.runId, input.index, {
        ...input.outcome,
        finished_at: deps.now(),
      });
    },

    /** Ends the run: ledger summary, connection status, and expiry of old staging pages. */
    async finishCrawl(input: FinishInput): Promise<void> {
      const now = deps.now();
      await deps.store.runs.finish(
        input.runId,
        {
          status: input.status,
          finished_at: now,
          totals: input.totals,
          ...(input.error ? { error: input.error } : {}),
        },
        input.scopes,
      );
      // `danger` pauses Maestro's scheduler for this task (spec §2.4): only for bad credentials and a
      // connection without owner (Maestro's exact message then, spec §7.2).
      const missingOwner = input.error?.type === MISSING_OWNER_TYPE;
      const state =
        input.status === 'completed'
          ? 'success'
          : input.error?.type === 'InvalidCredentials' || missingOwner
            ? 'danger'
            : 'warning';
      const t = input.totals;
      const summary = missingOwner
        ? MISSING_OWNER
        : input.status === 'completed' || input.status === 'partial'
          ? `Success${input.status === 'partial' ? ' (partial)' : ''}. ${t.created} created, ${t.updated} updated, ${t.unchanged} unchanged, ${t.deactivated} deactivated.`
          : `${input.status}: ${input.error?.message ?? 'see run ' + input.runId}`;
      await deps.store.connections.setStatus(input.connectionId, input.task, state, summary, now);
      await deps.store.staging.purgeExpired(deps.config.stagingTtlSeconds, now);
    },
  };
}
