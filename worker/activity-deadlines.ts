import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { ActivityInboundCallsInterceptor, ActivityInterceptors } from '@temporalio/worker';
import { withDeadline } from '../core/deadline.js';
import { ErrorType } from '../core/errors.js';
import type { LogFn } from '../observability/log.js';
import type { WorkerMetrics } from '../observability/metrics.js';

/**
 * What keeps a stuck dependency from wedging the worker, at the activity edge (an interceptor, so the
 * activities stay as they are):
 *
 * - **A local deadline.** An attempt still running at its start-to-close timeout has already been
 *   timed out by the server (and retried elsewhere): its slot is released there with a retryable
 *   failure, even if the call it waits on never returns. The MongoDB client's and the provider calls'
 *   own deadlines (store/index.ts, worker/provider-calls.ts) normally end it well before.
 * - **Liveness and cancellation.** Every attempt with a heartbeat timeout (all of them:
 *   workflows/activity-options.ts) heartbeats from here every third of it (at most every 5 s),
 *   re-sending the attempt's own last details (`fetchPage`'s page token) or, before it sent any, the
 *   previous attempt's — so a worker that dies is noticed after the heartbeat timeout rather than the
 *   5 min start-to-close timeout, and the worker learns through the heartbeat's answer that the server
 *   timed the attempt out or that the crawl was cancelled; the attempt then ends with the cancellation.
 * - **The slot watch.** Every running attempt is tracked; `SlotWatch.check` (every `intervalMs`) sets
 *   the slot gauges, warns once per attempt that runs past its timeout, and says loudly when every slot
 *   is busy past its timeout — the state in which a worker polls nothing while looking alive.
 */

/** One running attempt as the watch sees it. */
interface Running {
  activity: string;
  workflowId: string;
  attempt: number;
  startedAt: number;
  deadline: number;
  /** The slot was given back (the attempt ended, or was abandoned at its deadline). */
  released: boolean;
  warned: boolean;
}

export interface SlotWatchOptions {
  slots: number;
  log: LogFn;
  metrics: WorkerMetrics;
  now?: () => number;
}

export class SlotWatch {
  private readonly running = new Set<Running>();
  private readonly now: () => number;
  private wedged = false;
  constructor(private readonly opts: SlotWatchOptions) {
    this.now = opts.now ?? Date.now;
    opts.metrics.activitySlots.set(opts.slots);
  }

  start(activity: string, workflowId: string, attempt: number, timeoutMs: number): Running {
    const startedAt = this.now();
    const entry: Running = {
      activity,
      workflowId,
      attempt,
      startedAt,
      deadline: startedAt + timeoutMs,
      released: false,
      warned: false,
    };
    this.running.add(entry);
    return entry;
  }

  /** The slot is free again (the attempt returned, failed, or was abandoned). */
  release(entry: Running): void {
    entry.released = true;
  }

  /** The attempt's own code has finished (it may have been abandoned earlier). */
  settle(entry: Running): void {
    this.running.delete(entry);
  }

  /** Sets the gauges and writes the warnings; returns what it saw. */
  check(): { busy: number; overdue: number; abandoned: number; wedged: boolean } {
    const { log, metrics, slots } = this.opts;
    const now = this.now();
    let busy = 0;
    let overdue = 0;
    let abandoned = 0;
    for (const r of this.running) {
      if (r.released) {
        abandoned += 1;
        continue;
      }
      busy += 1;
      if (now <= r.deadline) continue;
      overdue += 1;
      if (!r.warned) {
        r.warned = true;
        log('warn', 'activity running past its timeout', {
          event: 'activity_overdue',
          activity: r.activity,
          workflow_id: r.workflowId,
          attempt: r.attempt,
          running_s: Math.round((now - r.startedAt) / 1000),
          timeout_s: Math.round((r.deadline - r.startedAt) / 1000),
        });
      }
    }
    metrics.activitySlotsBusy.set(busy);
    metrics.activitiesOverdue.set(overdue);
    metrics.activitiesAbandoned.set(abandoned);
    const wedged = busy >= slots && overdue >= slots;
    if (wedged && !this.wedged)
      log('error', 'every activity slot is busy past its timeout: the worker takes no new activity', {
        event: 'worker_wedged',
        slots,
        overdue,
        activities: [...new Set([...this.running].filter((r) => !r.released).map((r) => r.activity))],
      });
    if (!wedged && this.wedged) log('info', 'activity slots free again', { event: 'worker_unwedged', busy });
    this.wedged = wedged;
    return { busy, overdue, abandoned, wedged };
  }
}

export interface ActivityDeadlineOptions {
  watch: SlotWatch;
  log: LogFn;
  metrics: WorkerMetrics;
  /** How often running attempts heartbeat at most (ms); a third of their heartbeat timeout if less. */
  keepAliveMs?: number;
}

/**
 * Heartbeats `ctx` every `ms` with the attempt's last details: the context's heartbeat function is
 * wrapped so that what the activity sends itself is remembered and re-sent, never replaced.
 */
function startKeepAlive(ctx: Context, ms: number): NodeJS.Timeout {
  const holder = ctx as unknown as { heartbeatFn: (details?: unknown) => void };
  const send = holder.heartbeatFn.bind(ctx);
  let last: unknown = ctx.info.heartbeatDetails;
  holder.heartbeatFn = (details?: unknown) => {
    last = details;
    send(details);
  };
  return setInterval(() => send(last), ms);
}

export function activityDeadlineInterceptor(opts: ActivityDeadlineOptions): () => ActivityInterceptors {
  const keepAliveMs = opts.keepAliveMs ?? 5_000;
  const inbound: ActivityInboundCallsInterceptor = {
    async execute(input, next) {
      const ctx = Context.current();
      const { info } = ctx;
      const timeoutMs = info.startToCloseTimeoutMs;
      const entry = opts.watch.start(
        info.activityType,
        info.workflowExecution?.workflowId ?? '',
        info.attempt,
        timeoutMs,
      );
      const keepAlive = info.heartbeatTimeoutMs
        ? startKeepAlive(ctx, Math.min(keepAliveMs, Math.max(200, info.heartbeatTimeoutMs / 3)))
        : undefined;
      const work = next(input);
      void work.then(
        () => opts.watch.settle(entry),
        () => opts.watch.settle(entry),
      );
      try {
        return await withDeadline(timeoutMs, () => work, {
          parent: ctx.cancellationSignal,
          onTimeout: () => {
            opts.metrics.activityDeadlines.inc({ activity: info.activityType });
            opts.log('warn', 'activity abandoned at its timeout', {
              event: 'activity_abandoned',
              activity: info.activityType,
              workflow_id: info.workflowExecution?.workflowId ?? '',
              attempt: info.attempt,
              timeout_s: Math.round(timeoutMs / 1000),
            });
            return ApplicationFailure.create({
              type: ErrorType.Transient,
              message: `${info.activityType} still running at its start-to-close timeout (${timeoutMs} ms): abandoned, its slot released`,
            });
          },
        });
      } finally {
        if (keepAlive) clearInterval(keepAlive);
        opts.watch.release(entry);
      }
    },
  };
  return () => ({ inbound });
}
