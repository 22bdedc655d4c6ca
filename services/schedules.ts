import { ScheduleAlreadyRunning, ScheduleNotFoundError, ScheduleOverlapPolicy } from '@temporalio/client';
import { BadRequestError, NotFoundError } from '../core/errors.js';
import type { CrawlInput } from '../workflows/crawl-connection.js';
import { crawlWorkflowId } from '../workflows/definitions.js';
import { idString } from '../core/ids.js';
import { loadConnection, providerOf } from './connections.js';
import type { Caller, ServiceDeps } from './deps.js';
import { ConflictError, UnknownTaskError } from './errors.js';
import { defaultInterval } from './catalogue.js';

/**
 * One Temporal Schedule per connection and task (id `crawl-schedule:<connectionId>:<task>`). Its runs
 * never overlap (policy SKIP); each starts `scheduledCrawl`, whose child is the crawl under the shared id
 * `crawl:<connectionId>:<task>`: skipped while another crawl holds that id, attached to by a manual
 * start. So a connection and task has one crawl at a time.
 */
export function scheduleId(connectionId: string, task: string): string {
  return `crawl-schedule:${connectionId}:${task}`;
}

export interface ScheduleView {
  id: string;
  connectionId: string;
  task: string;
  everySeconds: number | null;
  paused: boolean;
  note: string | null;
  nextRunAt: string | null;
  /** Workflow ids of scheduled crawls running now (at most one). */
  running: string[];
  recentRuns: Array<{ workflowId: string; runId: string; scheduledAt: string }>;
}

export interface ScheduleCreate {
  connectionId: string;
  task: string;
  /** Interval; default from spec §3.3 (e.g. server-list every 5 minutes). */
  everySeconds?: number;
  paused?: boolean;
}

const MIN_INTERVAL_SECONDS = 60;

async function scoped(deps: ServiceDeps, caller: Caller, connectionId: string, task: string) {
  const doc = await loadConnection(deps, caller, connectionId);
  const provider = providerOf(deps, doc);
  if (!Object.hasOwn(provider.tasks, task))
    throw new UnknownTaskError(task, provider.label, Object.keys(provider.tasks));
  const id = idString(doc._id) ?? connectionId;
  return { connectionId: id, handle: deps.crawls.client.schedule.getHandle(scheduleId(id, task)) };
}

async function describe(deps: ServiceDeps, connectionId: string, task: string): Promise<ScheduleView> {
  const id = scheduleId(connectionId, task);
  try {
    const d = await deps.crawls.client.schedule.getHandle(id).describe();
    return {
      id,
      connectionId,
      task,
      everySeconds: d.spec.intervals?.[0] ? Math.round(d.spec.intervals[0].every / 1000) : null,
      paused: d.state.paused,
      note: d.state.note ?? null,
      nextRunAt: d.info.nextActionTimes[0]?.toISOString() ?? null,
      running: d.info.runningActions.map((a) => a.workflow.workflowId),
      recentRuns: d.info.recentActions.map((a) => ({
        workflowId: a.action.workflow.workflowId,
        runId: a.action.workflow.firstExecutionRunId,
        scheduledAt: a.scheduledAt.toISOString(),
      })),
    };
  } catch (err) {
    if (err instanceof ScheduleNotFoundError) throw new NotFoundError('schedule', id);
    throw err;
  }
}

export async function createSchedule(
  deps: ServiceDeps,
  caller: Caller,
  input: ScheduleCreate,
): Promise<ScheduleView> {
  const { connectionId } = await scoped(deps, caller, input.connectionId, input.task);
  const every =
    input.everySeconds ??
    defaultInterval(providerOf(deps, await loadConnection(deps, caller, connectionId)), input.task);
  if (every === undefined)
    throw new BadRequestError('everySeconds', `is required: task ${input.task} has no default interval`);
  if (!Number.isInteger(every) || every < MIN_INTERVAL_SECONDS)
    throw new BadRequestError('everySeconds', `must be an integer of at least ${MIN_INTERVAL_SECONDS}`);
  const args: [CrawlInput] = [{ connectionId, task: input.task }];
  try {
    await deps.crawls.client.schedule.create({
      scheduleId: scheduleId(connectionId, input.task),
      spec: { intervals: [{ every: every * 1000 }] },
      action: {
        type: 'startWorkflow',
        // The schedule starts a wrapper; the crawl runs as its child `crawl:<conn>:<task>` and is
        // skipped while any crawl of that connection and task runs (workflows/scheduled-crawl.ts).
        workflowType: 'scheduledCrawl',
        workflowId: `scheduled:${crawlWorkflowId(connectionId, input.task)}`,
        taskQueue: deps.config.taskQueue,
        args,
      },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 minute' },
      state: { paused: input.paused ?? false, note: 'created by Discovery' },
      memo: { connectionId, task: input.task },
    });
  } catch (err) {
    if (err instanceof ScheduleAlreadyRunning)
      throw new ConflictError(`a schedule of ${input.task} already exists for connection ${connectionId}`, {
        field: 'task',
      });
    throw err;
  }
  return describe(deps, connectionId, input.task);
}

export async function getSchedule(
  deps: ServiceDeps,
  caller: Caller,
  connectionId: string,
  task: string,
): Promise<ScheduleView> {
  const s = await scoped(deps, caller, connectionId, task);
  return describe(deps, s.connectionId, task);
}

async function withHandle(
  deps: ServiceDeps,
  caller: Caller,
  connectionId: string,
  task: string,
  act: (h: ReturnType<ServiceDeps['crawls']['client']['schedule']['getHandle']>) => Promise<void>,
): Promise<string> {
  const s = await scoped(deps, caller, connectionId, task);
  try {
    await act(s.handle);
  } catch (err) {
    if (err instanceof ScheduleNotFoundError) throw new NotFoundError('schedule', s.handle.scheduleId);
    throw err;
  }
  return s.connectionId;
}

export async function pauseSchedule(
  deps: ServiceDeps,
  caller: Caller,
  connectionId: string,
  task: string,
): Promise<ScheduleView> {
  const id = await withHandle(deps, caller, connectionId, task, (h) => h.pause('paused through Discovery'));
  return describe(deps, id, task);
}

export async function resumeSchedule(
  deps: ServiceDeps,
  caller: Caller,
  connectionId: string,
  task: string,
): Promise<ScheduleView> {
  const id = await withHandle(deps, caller, connectionId, task, (h) =>
    h.unpause('resumed through Discovery'),
  );
  return describe(deps, id, task);
}

export async function deleteSchedule(
  deps: ServiceDeps,
  caller: Caller,
  connectionId: string,
  task: string,
): Promise<void> {
  await withHandle(deps, caller, connectionId, task, (h) => h.delete());
}

/** The schedules of one connection, one per task that has one. */
export async function listSchedules(
  deps: ServiceDeps,
  caller: Caller,
  connectionId: string,
): Promise<ScheduleView[]> {
  const doc = await loadConnection(deps, caller, connectionId);
  const id = idString(doc._id) ?? connectionId;
  const prefix = scheduleId(id, '');
  const out: ScheduleView[] = [];
  for await (const s of deps.crawls.client.schedule.list()) {
    if (!s.scheduleId.startsWith(prefix)) continue;
    out.push(await describe(deps, id, s.scheduleId.slice(prefix.length)));
  }
  return out.sort((a, b) => a.task.localeCompare(b.task));
}
