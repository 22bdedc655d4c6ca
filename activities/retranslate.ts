import { BadRequestError, DiscoveryError, ErrorType, NotFoundError } from '../core/errors.js';
import { zeroCounts } from '../core/model.js';
import type { ScopeRecord } from '../store/runs.js';
import type { ActivityDeps } from './deps.js';
import type { RawBatch, RetranslatePlan, RetranslatePlanInput } from './types.js';

/**
 * Plans a re-translation (`discovery retranslate <run>`): checks that the source run is finished and
 * that its raw pages are still in staging, groups them into batches as a fetch would (pages until
 * MAESTRO_TRANSLATE_QTD items), and opens a new run in the ledger (`kind: 'retranslate'`). Refuses when
 * a later crawl of the same connection and task exists, unless forced: its newer data would be
 * overwritten with older data.
 */
export function planRetranslateActivity(deps: ActivityDeps) {
  return async function planRetranslate(input: RetranslatePlanInput): Promise<RetranslatePlan> {
    const source = await deps.store.runs.get(input.sourceRunId);
    if (!source) throw new NotFoundError('run', input.sourceRunId);
    if (source.status === 'running')
      throw new BadRequestError(
        'run',
        `${source._id} is still running; re-translate it once it has finished`,
      );
    if (!input.force) {
      const later = await deps.store.runs.laterCrawl(source.connection_id, source.task, source.started_at);
      if (later)
        throw new BadRequestError(
          'run',
          `a later crawl of the same connection and task exists (run ${later._id}, started ${later.started_at.toISOString()}): re-translating ${source._id} would overwrite its newer data with older data; force it to do so anyway`,
        );
    }
    const rawRunId = source.source_run ?? source._id;
    const pages = await deps.store.staging.rawSequences(rawRunId);
    if (pages.length === 0) {
      const ttl = deps.config.stagingTtlSeconds;
      throw new DiscoveryError(
        ErrorType.NotFound,
        `the raw pages of run ${rawRunId} are no longer in staging: they are deleted DISCOVERY_STAGING_TTL_SECONDS (${ttl} s, ${(ttl / 86400).toFixed(1)} days) after they were fetched (run started ${source.started_at.toISOString()})`,
      );
    }
    const scopes: RetranslatePlan['scopes'] = [];
    for (const scope of source.scopes) {
      const own = pages.filter((p) => p.scope === scope.key);
      if (own.length === 0) continue;
      const missing = own.findIndex((p, i) => p.seq !== i);
      if (missing >= 0)
        throw new DiscoveryError(
          ErrorType.NotFound,
          `raw page ${missing} of scope ${scope.key} in run ${rawRunId} is no longer in staging (expired): a partial re-translation is refused`,
        );
      const { key, command, entity, region } = scope;
      scopes.push({
        scope: { key, command, entity, region },
        batches: groupPages(own, deps.config.batchSize),
      });
    }
    await deps.store.runs.open({
      _id: input.runId,
      connection_id: source.connection_id,
      tenant_id: source.tenant_id,
      provider: source.provider,
      task: source.task,
      workflow_id: input.workflowId,
      status: 'running',
      started_at: deps.now(),
      scopes: scopes.map(({ scope }): ScopeRecord => ({ ...scope, ...zeroCounts(), status: 'pending' })),
      kind: 'retranslate',
      source_run: source._id,
    });
    return {
      connectionId: source.connection_id,
      task: source.task,
      rawRunId,
      scopes,
      externalAudit: deps.config.auditUri !== '',
    };
  };
}

/** Consecutive pages until a batch holds `batchSize` items (what fetchPage gathers); empty batches dropped. */
export function groupPages(pages: Array<{ seq: number; count: number }>, batchSize: number): RawBatch[] {
  const batches: RawBatch[] = [];
  let cur: RawBatch | undefined;
  for (const p of pages) {
    cur ??= { firstSeq: p.seq, lastSeq: p.seq, pages: 0, items: 0 };
    cur.lastSeq = p.seq;
    cur.pages += 1;
    cur.items += p.count;
    if (cur.items >= batchSize) {
      batches.push(cur);
      cur = undefined;
    }
  }
  if (cur) batches.push(cur);
  return batches.filter((b) => b.items > 0);
}
