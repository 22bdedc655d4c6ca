// Where a crawl's time goes, from its Temporal histories: per activity type, the time from scheduled
// to started (queue) and from started to closed (execution); per workflow, the workflow tasks.
import type { Client } from '@temporalio/client';

export interface StepStat {
  name: string;
  count: number;
  /** Scheduled → started, summed. */
  queueMs: number;
  /** Started → completed/failed/timed out, summed (last attempt). */
  execMs: number;
  /** Attempts beyond the first, summed. */
  retries: number;
  /** Execution time of the earliest and of the latest call: how a step's cost grows during a crawl. */
  firstMs: number;
  lastMs: number;
}

export interface HistoryProfile {
  runs: number;
  events: number;
  /** Sum over the runs of first event → last event. */
  wallMs: number;
  /** Per activity type, and '(workflow task)'. */
  steps: StepStat[];
  /** Start times (ms) of the fetchPage activities, in order: one per batch. */
  batchStarts: number[];
}

interface Ts {
  seconds?: { toString(): string } | number | null;
  nanos?: number | null;
}

function num(v: { toString(): string } | number | null | undefined): number {
  if (v === null || v === undefined) return 0;
  return typeof v === 'number' ? v : Number(v.toString());
}

function ms(ts: Ts | null | undefined): number {
  return ts ? num(ts.seconds) * 1000 + (ts.nanos ?? 0) / 1e6 : 0;
}

interface Ev {
  eventId?: { toString(): string } | number | null;
  eventTime?: Ts | null;
  activityTaskScheduledEventAttributes?: { activityType?: { name?: string | null } | null } | null;
  activityTaskStartedEventAttributes?: {
    scheduledEventId?: { toString(): string } | number | null;
    attempt?: number | null;
  } | null;
  activityTaskCompletedEventAttributes?: { scheduledEventId?: { toString(): string } | number | null } | null;
  activityTaskFailedEventAttributes?: { scheduledEventId?: { toString(): string } | number | null } | null;
  activityTaskTimedOutEventAttributes?: { scheduledEventId?: { toString(): string } | number | null } | null;
  workflowTaskScheduledEventAttributes?: object | null;
  workflowTaskCompletedEventAttributes?: { scheduledEventId?: { toString(): string } | number | null } | null;
  workflowTaskStartedEventAttributes?: { scheduledEventId?: { toString(): string } | number | null } | null;
}

/**
 * Every run (continue-as-new included) of the workflows whose id starts with `prefix`, started at or after
 * `since` when given (a crawl of a connection that was crawled before: its earlier runs share the ids).
 */
export async function historyProfile(client: Client, prefix: string, since?: Date): Promise<HistoryProfile> {
  const profile: HistoryProfile = { runs: 0, events: 0, wallMs: 0, steps: [], batchStarts: [] };
  const steps = new Map<string, StepStat>();
  const calls = new Map<string, Array<{ at: number; ms: number }>>();
  const step = (name: string): StepStat => {
    let s = steps.get(name);
    if (!s)
      steps.set(name, (s = { name, count: 0, queueMs: 0, execMs: 0, retries: 0, firstMs: 0, lastMs: 0 }));
    return s;
  };
  for await (const exec of client.workflow.list({ query: `WorkflowId STARTS_WITH "${prefix}"` })) {
    if (since && exec.startTime < since) continue;
    const history = await client.workflow.getHandle(exec.workflowId, exec.runId).fetchHistory();
    const events = (history.events ?? []) as Ev[];
    profile.runs += 1;
    profile.events += events.length;
    if (events.length > 0)
      profile.wallMs += ms(events[events.length - 1]!.eventTime) - ms(events[0]!.eventTime);
    const scheduled = new Map<number, { name: string; at: number; startedAt?: number }>();
    for (const ev of events) {
      const id = num(ev.eventId);
      const at = ms(ev.eventTime);
      if (ev.activityTaskScheduledEventAttributes) {
        scheduled.set(id, { name: ev.activityTaskScheduledEventAttributes.activityType?.name ?? '?', at });
      } else if (ev.workflowTaskScheduledEventAttributes) {
        scheduled.set(id, { name: '(workflow task)', at });
      } else if (ev.activityTaskStartedEventAttributes || ev.workflowTaskStartedEventAttributes) {
        const attrs = ev.activityTaskStartedEventAttributes ?? ev.workflowTaskStartedEventAttributes;
        const s = scheduled.get(num(attrs?.scheduledEventId));
        if (s) {
          s.startedAt = at;
          const attempt = ev.activityTaskStartedEventAttributes?.attempt ?? 1;
          if (attempt > 1) step(s.name).retries += attempt - 1;
        }
      } else {
        const attrs =
          ev.activityTaskCompletedEventAttributes ??
          ev.activityTaskFailedEventAttributes ??
          ev.activityTaskTimedOutEventAttributes ??
          ev.workflowTaskCompletedEventAttributes;
        if (!attrs) continue;
        const s = scheduled.get(num(attrs.scheduledEventId));
        if (!s) continue;
        const st = step(s.name);
        st.count += 1;
        const startedAt = s.startedAt ?? s.at;
        st.queueMs += startedAt - s.at;
        st.execMs += at - startedAt;
        const list = calls.get(s.name) ?? [];
        list.push({ at: startedAt, ms: at - startedAt });
        calls.set(s.name, list);
      }
    }
  }
  for (const [name, list] of calls) {
    list.sort((a, b) => a.at - b.at);
    const st = step(name);
    st.firstMs = list[0]?.ms ?? 0;
    st.lastMs = list[list.length - 1]?.ms ?? 0;
    if (name === 'fetchPage') profile.batchStarts = list.map((c) => c.at);
  }
  profile.steps = [...steps.values()].sort((a, b) => b.execMs + b.queueMs - (a.execMs + a.queueMs));
  return profile;
}

/**
 * Seconds per batch (fetchPage start to the next one's), with a least-squares line through them:
 * `secondsAt(i) = a + b·i`. Lets a crawl stopped early be projected to its full size.
 */
export function batchTrend(
  profile: HistoryProfile,
): { perBatchS: number[]; a: number; b: number } | undefined {
  const starts = profile.batchStarts;
  const perBatchS = starts.slice(1).map((t, i) => (t - starts[i]!) / 1000);
  const k = perBatchS.length;
  if (k < 2) return undefined;
  const meanX = (k - 1) / 2;
  const meanY = perBatchS.reduce((s, y) => s + y, 0) / k;
  let sxy = 0;
  let sxx = 0;
  perBatchS.forEach((y, x) => {
    sxy += (x - meanX) * (y - meanY);
    sxx += (x - meanX) ** 2;
  });
  const b = sxy / sxx;
  return { perBatchS, a: meanY - b * meanX, b };
}

/** Sum of `a + b·i` over batches 0..count-1. */
export function projectSeconds(trend: { a: number; b: number }, count: number): number {
  return count * trend.a + (trend.b * count * (count - 1)) / 2;
}
