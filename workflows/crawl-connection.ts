import {
  allHandlersFinished,
  ApplicationFailure,
  CancellationScope,
  condition,
  continueAsNew,
  isCancellation,
  patched,
  setHandler,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import { parentActivities } from './activity-options.js';
import type { PlanResult } from '../activities/types.js';
import { addCounts, zeroCounts, type Counts, type RunStatus } from '../core/model.js';
import { crawlPartition, type PartitionResult } from './crawl-partition.js';
import {
  progressQuery,
  queueFollowUp,
  scopeProgressSignal,
  triggerSignal,
  triggerUpdate,
  type CrawlProgress,
  type ScopeProgress,
  type TriggerOutcome,
  type TriggerRequest,
} from './definitions.js';
import { describeFailure } from './failures.js';

export interface CrawlInput {
  connectionId: string;
  task: string;
  /** Apply the stale sweep even when the mass-deletion guard would refuse. */
  force?: boolean;
}

export interface CrawlResult {
  runId: string;
  status: RunStatus;
  totals: Counts;
  scopes: ScopeProgress[];
}

const acts = parentActivities();

/**
 * A crawl of one connection and task (workflow id `crawl:<connectionId>:<task>`, so one at a time).
 * Plans scopes (commands × regions), runs each as a child `crawlPartition`, sweeps stale resources
 * only in scopes that completed, and records the run. Cancelling it closes scopes and deactivates nothing.
 */
export async function crawlConnection(input: CrawlInput): Promise<CrawlResult> {
  // Triggers that arrive while this run crawls are coalesced into one follow-up (the next run of this
  // workflow id, by continue-as-new), so a trigger is never lost and crawls never overlap.
  let followUp: TriggerRequest | undefined;
  let status: CrawlProgress['status'] = 'planning';
  let triggers = 0;
  const onTrigger = (req: TriggerRequest): TriggerOutcome => {
    triggers += 1;
    if (status === 'planning') {
      // The update of an update-with-start that started this run arrives in its first task; any other
      // trigger before the crawl has planned joins it.
      const info = workflowInfo();
      const first = triggers === 1 && info.historyLength <= 3 && !info.continuedFromExecutionRunId;
      return first ? 'started' : 'attached';
    }
    const queued = queueFollowUp(followUp, req);
    followUp = queued.followUp;
    return queued.outcome;
  };
  setHandler(triggerUpdate, onTrigger);
  setHandler(triggerSignal, (req) => void onTrigger(req));
  const next = async (): Promise<never> => {
    // The trigger handlers are synchronous; this only keeps the SDK's unfinished-handler check quiet.
    await condition(allHandlersFinished);
    return continueAsNew<typeof crawlConnection>({
      connectionId: input.connectionId,
      task: input.task,
      ...(followUp?.force ? { force: true } : {}),
    });
  };
  // `patched` only when a follow-up is due: histories recorded before this change never queued one.
  const followUpDue = () => followUp !== undefined && patched('trigger-follow-up-1');
  try {
    const result = await crawlOnce(input, (s) => (status = s));
    if (followUpDue()) return await next();
    return result;
  } catch (err) {
    if (!isCancellation(err) && followUpDue()) return await next();
    throw err;
  }
}

async function crawlOnce(
  input: CrawlInput,
  onStatus: (s: CrawlProgress['status']) => void,
): Promise<CrawlResult> {
  const info = workflowInfo();
  const runId = info.runId;
  const progress: CrawlProgress = {
    runId,
    connectionId: input.connectionId,
    task: input.task,
    status: 'planning',
    scopes: [],
    totals: zeroCounts(),
  };
  setHandler(progressQuery, () => ({ ...progress, totals: sumCounts(progress.scopes) }));
  setHandler(scopeProgressSignal, ({ index, counts }) => {
    const scope = progress.scopes[index];
    if (scope && scope.status === 'running') Object.assign(scope, counts);
  });

  const finish = async (
    status: RunStatus,
    error?: { type: string; message: string },
  ): Promise<CrawlResult> => {
    progress.status = status;
    onStatus(status);
    const totals = sumCounts(progress.scopes);
    await CancellationScope.nonCancellable(async () => {
      await acts.finishCrawl({
        runId,
        connectionId: input.connectionId,
        task: input.task,
        status,
        totals,
        ...(error ? { error } : {}),
        scopes: progress.scopes.map((s) => ({
          ...addCounts(zeroCounts(), s),
          status: s.status,
          ...(s.error ? { error: s.error } : {}),
          ...(s.sweep ? { sweep: s.sweep } : {}),
        })),
      });
      try {
        await acts.notifyWebsocket({ connectionId: input.connectionId, task: input.task, status });
      } catch {
        // A websocket hub that is down must not fail the crawl; the activity's retries are in its history.
      }
    });
    return { runId, status, totals, scopes: progress.scopes };
  };

  let plan: PlanResult;
  try {
    plan = await acts.planCrawl({
      connectionId: input.connectionId,
      task: input.task,
      runId,
      workflowId: info.workflowId,
    });
  } catch (err) {
    const failure = describeFailure(err);
    if (failure.type !== 'NotFound') await finish('failed', failure);
    throw ApplicationFailure.create({ type: failure.type, message: failure.message, nonRetryable: true });
  }
  progress.status = 'running';
  onStatus('running');
  progress.scopes = plan.scopes.map((s) => ({ ...s, ...zeroCounts(), status: 'pending' }));

  try {
    const results = await runPartitions(input, plan, runId, info.workflowId, progress.scopes);
    for (const r of results) {
      const scope = progress.scopes[r.index];
      if (scope) Object.assign(scope, r.counts, { status: r.status, ...(r.error ? { error: r.error } : {}) });
    }
    // The stale sweep: only scopes that completed in this run (architecture §5).
    for (const [index, scope] of progress.scopes.entries()) {
      if (scope.status !== 'completed') continue;
      const sweep = await acts.sweepScope({
        runId,
        connectionId: input.connectionId,
        task: input.task,
        scope: { key: scope.key, command: scope.command, entity: scope.entity, region: scope.region },
        index,
        deactivatedBefore: scope.deactivated,
        guardShare: plan.settings.sweepGuardShare,
        guardMin: plan.settings.sweepGuardMin,
        force: input.force ?? false,
      });
      scope.sweep = sweep;
      scope.deactivated += sweep.deactivated;
    }
    const status = runStatus(progress.scopes);
    // A run where no scope completed carries the reason (bad credentials → `danger` status).
    const failed = progress.scopes.map((s) => s.error).filter((e) => e !== undefined);
    const error =
      status === 'failed' ? (failed.find((e) => e.type === 'InvalidCredentials') ?? failed[0]) : undefined;
    return await finish(status, error);
  } catch (err) {
    if (isCancellation(err)) {
      for (const s of progress.scopes)
        if (s.status === 'pending' || s.status === 'running') s.status = 'cancelled';
      await finish('cancelled');
      throw err;
    }
    const failure = describeFailure(err);
    await finish('failed', failure);
    throw ApplicationFailure.create({ type: failure.type, message: failure.message, nonRetryable: true });
  }
}

/** Runs the partitions as child workflows, at most `scopeConcurrency` at a time. */
async function runPartitions(
  input: CrawlInput,
  plan: PlanResult,
  runId: string,
  workflowId: string,
  scopes: ScopeProgress[],
): Promise<PartitionResult[]> {
  const results: PartitionResult[] = [];
  const running = new Map<number, Promise<PartitionResult>>();
  let next = 0;
  while (next < plan.scopes.length || running.size > 0) {
    while (next < plan.scopes.length && running.size < plan.settings.scopeConcurrency) {
      const index = next++;
      const scope = plan.scopes[index];
      const progress = scopes[index];
      if (!scope || !progress) continue;
      progress.status = 'running';
      const handle = await startChild(crawlPartition, {
        workflowId: `${workflowId}:${scope.key}:${runId}`,
        args: [
          {
            runId,
            connectionId: input.connectionId,
            task: input.task,
            scope,
            index,
            parentWorkflowId: workflowId,
            settings: plan.settings,
          },
        ],
      });
      const settle = (r: PartitionResult): PartitionResult => {
        running.delete(index);
        Object.assign(progress, r.counts, { status: r.status, ...(r.error ? { error: r.error } : {}) });
        return r;
      };
      running.set(
        index,
        handle.result().then(settle, (err: unknown) => {
          if (isCancellation(err)) throw err;
          // A partition that failed outside its own error handling: that scope failed, the others go on.
          return settle({ index, status: 'failed', counts: { ...progress }, error: describeFailure(err) });
        }),
      );
    }
    results.push(await Promise.race(running.values()));
  }
  return results;
}

function runStatus(scopes: ScopeProgress[]): RunStatus {
  const done = scopes.filter((s) => s.status === 'completed' || s.status === 'skipped').length;
  if (done === scopes.length) return 'completed';
  return scopes.some((s) => s.status === 'completed') ? 'partial' : 'failed';
}

function sumCounts(scopes: ScopeProgress[]): Counts {
  return scopes.reduce((acc, s) => addCounts(acc, s), zeroCounts());
}
