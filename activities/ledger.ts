import { MISSING_OWNER, MISSING_OWNER_TYPE } from './audit.js';
import type { ActivityDeps } from './deps.js';
import type { FinishInput, ScopeLedgerInput } from './types.js';

/** How often a worker process purges expired staging pages (at the end of a crawl). */
export const STAGING_PURGE_EVERY_MS = 3_600_000;

/**
 * The run ledger steps. `setupScope` opens a scope in this run (the original's "reset tracker": the
 * tracker is kept per run, store/tracker.ts, so nothing needs clearing); `closeScope` records its
 * outcome and counters.
 */
export function ledgerActivities(deps: ActivityDeps) {
  // When this worker process last purged staging (ms): see finishCrawl.
  let lastPurge = Number.NEGATIVE_INFINITY;
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
      // At most once per STAGING_PURGE_EVERY_MS per worker process: the purge filters on `created_at`, which
      // FerretDB v1 answers by reading the whole staging collection (1.8 s after two 10k crawls; a re-crawl
      // of an unchanged 10k account takes ~10 s). Pages expire after days: an hour late changes nothing.
      if (now.getTime() - lastPurge >= STAGING_PURGE_EVERY_MS) {
        lastPurge = now.getTime();
        await deps.store.staging.purgeExpired(deps.config.stagingTtlSeconds, now);
      }
    },
  };
}
