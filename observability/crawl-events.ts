import { Context } from '@temporalio/activity';
import type {
  ActivityExecuteInput,
  ActivityInboundCallsInterceptor,
  ActivityInterceptors,
  Next,
} from '@temporalio/worker';
import type { Counts } from '../core/model.js';
import type { RunDoc, SweepOutcome } from '../store/runs.js';
import type { LogFn } from './log.js';
import type { WorkerMetrics } from './metrics.js';

/**
 * The crawl's story for operators, told from outside the activities (an activity interceptor, so the
 * pipeline code stays as it is): one info line and the metrics per crawl start (planCrawl), scope end
 * (closeScope), sweep (sweepScope) and run end (finishCrawl), and a warn line per failed activity
 * attempt. The ledger (`discovery_runs`, read by `_id`) supplies what the activity inputs do not
 * carry — provider, scope, start times — so the lines are the same whichever worker ran the step.
 */
export interface CrawlEventsDeps {
  log: LogFn;
  metrics: WorkerMetrics;
  getRun: (runId: string) => Promise<RunDoc | null>;
  now?: () => Date;
}

const COUNT_OUTCOMES = ['created', 'updated', 'unchanged', 'deactivated', 'reactivated', 'skipped'] as const;

export function crawlEventsInterceptor(deps: CrawlEventsDeps): (ctx: Context) => ActivityInterceptors {
  const inbound: ActivityInboundCallsInterceptor = {
    execute: (input, next) => observe(deps, input, next),
  };
  return () => ({ inbound });
}

type Args = Record<string, unknown>;

async function observe(
  deps: CrawlEventsDeps,
  input: ActivityExecuteInput,
  next: Next<ActivityInboundCallsInterceptor, 'execute'>,
): Promise<unknown> {
  const name = activityName();
  const args = (input.args[0] ?? {}) as Args;
  let result: unknown;
  try {
    result = await next(input);
  } catch (err) {
    const type = errorType(err);
    deps.metrics.activityFailures.inc({ activity: name, type });
    deps.log('warn', 'activity failed', {
      activity: name,
      attempt: attemptOf(),
      error_type: type,
      error: (err as Error)?.message,
      ...ids(args),
    });
    throw err;
  }
  // What follows only reports: a failure here must never fail the activity.
  try {
    await report(deps, name, args, result);
  } catch (err) {
    deps.log('warn', 'crawl event not reported', { activity: name, error: (err as Error)?.message });
  }
  return result;
}

async function report(deps: CrawlEventsDeps, name: string, args: Args, result: unknown): Promise<void> {
  const { log, metrics } = deps;
  const now = (deps.now ?? (() => new Date()))();
  if (name === 'planCrawl') {
    const plan = result as { provider: string; scopes: unknown[] };
    metrics.crawlsStarted.inc({ provider: plan.provider, task: String(args.task) });
    log('info', 'crawl started', {
      event: 'crawl_start',
      ...ids(args),
      provider: plan.provider,
      scopes: plan.scopes.length,
    });
    return;
  }
  if (name === 'closeScope') {
    const run = await deps.getRun(String(args.runId));
    const scope = run?.scopes[Number(args.index)];
    const outcome = args.outcome as (Counts & { status: string; error?: { type: string } }) | undefined;
    if (!run || !scope || !outcome) return;
    const labels = { provider: run.provider, entity: scope.entity };
    const errorTypeLabel = outcome.error?.type ?? '';
    metrics.scopesFinished.inc({ ...labels, status: outcome.status, error_type: errorTypeLabel });
    metrics.resources.inc({ ...labels, outcome: 'seen' }, outcome.items);
    for (const k of COUNT_OUTCOMES)
      if (outcome[k] > 0) metrics.resources.inc({ ...labels, outcome: k }, outcome[k]);
    const started = scope.started_at ? new Date(scope.started_at) : undefined;
    const seconds = started ? (now.getTime() - started.getTime()) / 1000 : undefined;
    if (seconds !== undefined) metrics.scopeDuration.observe(labels, seconds);
    log('info', 'scope ended', {
      event: 'scope_end',
      connection: run.connection_id,
      task: run.task,
      run: run._id,
      provider: run.provider,
      scope: scope.key,
      entity: scope.entity,
      status: outcome.status,
      counts: countsOf(outcome),
      duration_s: seconds,
      ...(outcome.error ? { error_type: outcome.error.type } : {}),
    });
    return;
  }
  if (name === 'sweepScope') {
    const sweep = result as SweepOutcome;
    const scope = args.scope as { key: string; entity: string };
    const run = await deps.getRun(String(args.runId));
    const provider = run?.provider ?? '';
    const outcome = sweep.status === 'done' ? 'applied' : sweep.status;
    metrics.sweeps.inc({ provider, entity: scope.entity, outcome });
    if (sweep.deactivated > 0)
      metrics.resources.inc({ provider, entity: scope.entity, outcome: 'deactivated' }, sweep.deactivated);
    log(sweep.status === 'guarded' ? 'warn' : 'info', 'sweep', {
      event: 'sweep',
      ...ids(args),
      provider,
      scope: scope.key,
      outcome,
      candidates: sweep.candidates,
      active: sweep.active,
      deactivated: sweep.deactivated,
      ...(sweep.reason ? { reason: sweep.reason } : {}),
    });
    return;
  }
  if (name === 'finishCrawl') {
    const run = await deps.getRun(String(args.runId));
    const status = String(args.status);
    const error = args.error as { type: string } | undefined;
    const provider = run?.provider ?? '';
    const task = String(args.task);
    const seconds = run ? (now.getTime() - new Date(run.started_at).getTime()) / 1000 : undefined;
    metrics.crawlsFinished.inc({ provider, task, status, error_type: error?.type ?? '' });
    if (seconds !== undefined) metrics.crawlDuration.observe({ provider, task, status }, seconds);
    log('info', 'crawl ended', {
      event: 'run_end',
      ...ids(args),
      provider,
      status,
      counts: countsOf(args.totals as Counts),
      duration_s: seconds,
      ...(run?.kind ? { kind: run.kind } : {}),
      ...(error ? { error_type: error.type } : {}),
    });
  }
}

/** The ids an activity input carries, under the log's field names. */
function ids(args: Args): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (args.connectionId !== undefined) out.connection = args.connectionId;
  if (args.task !== undefined) out.task = args.task;
  if (args.runId !== undefined) out.run = args.runId;
  return out;
}

function countsOf(c: Counts | undefined): Partial<Counts> {
  if (!c) return {};
  const { pages, items, created, updated, unchanged, deactivated, reactivated, skipped } = c;
  return { pages, items, created, updated, unchanged, deactivated, reactivated, skipped };
}

function errorType(err: unknown): string {
  const e = err as { type?: unknown; name?: unknown } | undefined;
  if (typeof e?.type === 'string' && e.type) return e.type;
  return typeof e?.name === 'string' ? e.name : 'Error';
}

function activityName(): string {
  return Context.current().info.activityType;
}
function attemptOf(): number {
  return Context.current().info.attempt;
}
