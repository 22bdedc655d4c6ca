import {
  allHandlersFinished,
  ApplicationFailure,
  CancellationScope,
  condition,
  isCancellation,
  makeContinueAsNewFunc,
  patched,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { parentActivities } from './activity-options.js';
import { applyBatch } from './apply-batch.js';
import type { RetranslateInput, RetranslatePlan } from '../activities/types.js';
import { addCounts, zeroCounts, type RunStatus } from '../core/model.js';
import type { CrawlResult } from './crawl-connection.js';
import type { crawlConnection } from './crawl-connection.js';
import {
  parseCrawlWorkflowId,
  progressQuery,
  queueFollowUp,
  triggerSignal,
  triggerUpdate,
  type CrawlProgress,
  type TriggerOutcome,
  type TriggerRequest,
} from './definitions.js';
import { describeFailure } from './failures.js';

const acts = parentActivities();

/**
 * Re-translates a finished run from its stored raw pages, without calling the provider: per scope and
 * batch, translate → audit → insert → track (→ external audit), as a new run in the ledger
 * (`kind: 'retranslate'`, `source_run`). No stale sweep: old pages cannot tell what is gone now. It
 * runs under the crawl's workflow id (`crawl:<connection>:<task>`), so it never overlaps a crawl of
 * the same connection and task. Answers the same `progress` query as a crawl.
 *
 * A trigger (API, CLI or schedule) of that connection and task while it runs is queued: when the
 * re-translation ends, the workflow continues as new as a crawl (`crawlConnection`), so the trigger is
 * not lost (docs/maestro.md). More triggers meanwhile join that crawl.
 */
export async function retranslateRun(input: RetranslateInput): Promise<CrawlResult> {
  let followUp: TriggerRequest | undefined;
  const onTrigger = (req: TriggerRequest): TriggerOutcome => {
    const queued = queueFollowUp(followUp, req);
    followUp = queued.followUp;
    return queued.outcome;
  };
  setHandler(triggerUpdate, onTrigger);
  setHandler(triggerSignal, (req) => void onTrigger(req));
  // `patched` only when a crawl is due: histories recorded before this change never queued one.
  const crawlDue = () => followUp !== undefined && patched('retranslate-trigger-1');
  try {
    const result = await retranslateOnce(input);
    if (crawlDue()) return await crawlNext(followUp);
    return result;
  } catch (err) {
    if (!isCancellation(err) && crawlDue()) return await crawlNext(followUp);
    throw err;
  }
}

/** Continues as the crawl the triggers asked for, under the same workflow id. */
async function crawlNext(req: TriggerRequest | undefined): Promise<never> {
  await condition(allHandlersFinished);
  const crawl = parseCrawlWorkflowId(workflowInfo().workflowId);
  if (!crawl) throw ApplicationFailure.nonRetryable('not a crawl workflow id', 'BadWorkflowId');
  const asCrawl = makeContinueAsNewFunc<typeof crawlConnection>({ workflowType: 'crawlConnection' });
  return asCrawl({ ...crawl, ...(req?.force ? { force: true } : {}) });
}

async function retranslateOnce(input: RetranslateInput): Promise<CrawlResult> {
  const info = workflowInfo();
  const runId = info.runId;
  const progress: CrawlProgress = {
    runId,
    connectionId: '',
    task: '',
    status: 'planning',
    scopes: [],
    totals: zeroCounts(),
  };
  setHandler(progressQuery, () => ({ ...progress, totals: sumScopes(progress) }));

  let plan: RetranslatePlan;
  try {
    plan = await acts.planRetranslate({ ...input, runId, workflowId: info.workflowId });
  } catch (err) {
    const failure = describeFailure(err);
    throw ApplicationFailure.create({ type: failure.type, message: failure.message, nonRetryable: true });
  }
  progress.connectionId = plan.connectionId;
  progress.task = plan.task;
  progress.status = 'running';
  progress.scopes = plan.scopes.map(({ scope }) => ({ ...scope, ...zeroCounts(), status: 'pending' }));

  const finish = async (status: RunStatus): Promise<CrawlResult> => {
    progress.status = status;
    const totals = sumScopes(progress);
    const failed = progress.scopes.map((s) => s.error).find((e) => e !== undefined);
    await CancellationScope.nonCancellable(() =>
      acts.finishCrawl({
        runId,
        connectionId: plan.connectionId,
        task: plan.task,
        status,
        totals,
        ...(status === 'failed' && failed ? { error: failed } : {}),
      }),
    );
    return { runId, status, totals, scopes: progress.scopes };
  };

  const closeScope = async (index: number): Promise<void> => {
    const state = progress.scopes[index]!;
    // addCounts onto zero keeps only the counters.
    const outcome = {
      ...addCounts(zeroCounts(), state),
      status: state.status,
      ...(state.error ? { error: state.error } : {}),
    };
    await CancellationScope.nonCancellable(() => acts.closeScope({ runId, index, outcome }));
  };

  try {
    for (const [index, { scope, batches }] of plan.scopes.entries()) {
      const state = progress.scopes[index]!;
      state.status = 'running';
      await acts.setupScope({ runId, index });
      try {
        for (const b of batches) {
          const batch = {
            runId,
            connectionId: plan.connectionId,
            task: plan.task,
            scope,
            firstSeq: b.firstSeq,
            lastSeq: b.lastSeq,
            rawRunId: plan.rawRunId,
          };
          Object.assign(state, addCounts(state, { pages: b.pages, items: b.items }));
          const t = await acts.translatePage(batch);
          const added = await applyBatch(acts, batch, t, {
            track: () => true,
            externalAudit: plan.externalAudit,
          });
          Object.assign(state, addCounts(state, added));
        }
        state.status = 'completed';
      } catch (err) {
        state.status = isCancellation(err) ? 'cancelled' : 'failed';
        if (!isCancellation(err)) state.error = describeFailure(err);
        await closeScope(index);
        if (isCancellation(err)) throw err;
        continue;
      }
      await closeScope(index);
    }
    const done = progress.scopes.filter((s) => s.status === 'completed').length;
    return await finish(done === progress.scopes.length ? 'completed' : done > 0 ? 'partial' : 'failed');
  } catch (err) {
    const cancelled = isCancellation(err);
    for (const s of progress.scopes)
      if (s.status === 'pending' || s.status === 'running') s.status = cancelled ? 'cancelled' : 'failed';
    await finish(cancelled ? 'cancelled' : 'failed');
    if (cancelled) throw err;
    const failure = describeFailure(err);
    throw ApplicationFailure.create({ type: failure.type, message: failure.message, nonRetryable: true });
  }
}

function sumScopes(p: CrawlProgress) {
  return p.scopes.reduce((acc, s) => addCounts(acc, s), zeroCounts());
}
