import { WorkflowNotFoundError } from '@temporalio/client';
import { BadRequestError, NotFoundError } from '../core/errors.js';
import type { Counts } from '../core/model.js';
import type { RunDoc, RunPageQuery } from '../store/runs.js';
import { crawlWorkflowId, parseCrawlWorkflowId, type CrawlProgress } from '../workflows/definitions.js';
import type { StartOutcome } from '../temporal/crawl-client.js';
import { idString } from '../core/ids.js';
import { loadConnection, providerOf } from './connections.js';
import { callerTenant, type Caller, type ServiceDeps } from './deps.js';
import { UnknownTaskError } from './errors.js';
import { decodeRunCursor, pageLimit, runCursor, toPage, type Page, type PageRequest } from './pagination.js';

/** A crawl once started: its id is the Temporal run id, which is also its `discovery_runs` id. */
export interface StartedCrawlView {
  id: string;
  workflowId: string;
  connectionId: string;
  task: string;
  /** False when a crawl of this connection and task was already running: the call attached to it. */
  started: boolean;
  /**
   * `started`; `queued` (a crawl was running: one follow-up crawl starts when it ends; `id` is the
   * running crawl's); `attached` (joins a crawl that has not planned yet, or that follow-up);
   * `pending` (no worker took it in time: handled when one runs).
   */
  trigger: StartOutcome;
}

export interface CrawlStartInput {
  connectionId: string;
  task: string;
  /** Apply the stale sweep even when the mass-deletion guard would refuse. */
  force?: boolean;
}

/**
 * Starts the crawl of one connection and task (or attaches to the one running: one crawl at a time per
 * connection and task). The connection must be visible to the caller.
 */
export async function startCrawl(
  deps: ServiceDeps,
  caller: Caller,
  input: CrawlStartInput,
): Promise<StartedCrawlView> {
  const doc = await loadConnection(deps, caller, input.connectionId);
  const provider = providerOf(deps, doc);
  if (!Object.hasOwn(provider.tasks, input.task))
    throw new UnknownTaskError(input.task, provider.label, Object.keys(provider.tasks));
  const connectionId = idString(doc._id) ?? input.connectionId;
  const started = await deps.crawls.start({
    connectionId,
    task: input.task,
    ...(input.force ? { force: true } : {}),
  });
  const runId =
    'firstExecutionRunId' in started.handle && typeof started.handle.firstExecutionRunId === 'string'
      ? started.handle.firstExecutionRunId
      : (await started.handle.describe()).runId;
  return {
    id: runId,
    workflowId: started.workflowId,
    connectionId,
    task: input.task,
    started: started.started,
    trigger: started.trigger,
  };
}

export interface CrawlStatusView {
  id: string;
  workflowId: string;
  connectionId: string;
  task: string;
  /** `planning` and `running` while the workflow runs; then the ledger's final status. */
  status: string;
  startedAt: string | null;
  finishedAt: string | null;
  totals: Counts | null;
  scopes: Array<Record<string, unknown>>;
  error: { type: string; message: string } | null;
  /** True when the figures come from the running workflow (its `progress` query). */
  live: boolean;
}

function runView(run: RunDoc): CrawlStatusView {
  return {
    id: run._id,
    workflowId: run.workflow_id,
    connectionId: run.connection_id,
    task: run.task,
    status: run.status,
    startedAt: run.started_at instanceof Date ? run.started_at.toISOString() : null,
    finishedAt: run.finished_at instanceof Date ? run.finished_at.toISOString() : null,
    totals: run.totals ?? null,
    scopes: (run.scopes ?? []) as unknown as Array<Record<string, unknown>>,
    error: run.error ?? null,
    live: false,
  };
}

const QUERY_TIMEOUT_MS = 5_000;

/** The running workflow's progress, or undefined when it is closed or no worker answers in time. */
async function liveProgress(
  deps: ServiceDeps,
  workflowId: string,
  runId: string,
): Promise<CrawlProgress | undefined> {
  const handle = deps.crawls.handle(workflowId, runId);
  const desc = await handle.describe();
  if (desc.status.name !== 'RUNNING') return undefined;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), QUERY_TIMEOUT_MS);
  });
  try {
    return await Promise.race([deps.crawls.progress(workflowId, runId).catch(() => undefined), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The workflow id and connection of a run id: from the ledger, or (still planning) from Temporal. */
async function locateRun(
  deps: ServiceDeps,
  runId: string,
): Promise<{ workflowId: string; run: RunDoc | null } | null> {
  const run = await deps.store.runs.get(runId);
  if (run) return { workflowId: run.workflow_id, run };
  if (!/^[0-9a-f-]{36}$/i.test(runId)) return null;
  for await (const wf of deps.crawls.client.workflow.list({ query: `RunId = "${runId}"`, pageSize: 1 })) {
    if (wf.type === 'crawlConnection') return { workflowId: wf.workflowId, run: null };
  }
  return null;
}

/**
 * Status of a crawl by id: the ledger entry, overlaid with the live `progress` query while it runs.
 * A crawl of a connection the caller cannot see is "not found".
 */
export async function crawlStatus(deps: ServiceDeps, caller: Caller, id: string): Promise<CrawlStatusView> {
  const located = await locateRun(deps, id);
  if (!located) throw new NotFoundError('crawl', id);
  const named = parseCrawlWorkflowId(located.workflowId);
  const connectionId = located.run?.connection_id ?? named?.connectionId ?? '';
  const tenant = callerTenant(caller);
  if (tenant !== undefined && located.run?.tenant_id !== tenant) {
    await loadConnection(deps, caller, connectionId).catch((err: unknown) => {
      throw err instanceof NotFoundError ? new NotFoundError('crawl', id) : err;
    });
  }
  const base: CrawlStatusView = located.run
    ? runView(located.run)
    : {
        id,
        workflowId: located.workflowId,
        connectionId,
        task: named?.task ?? '',
        status: 'planning',
        startedAt: null,
        finishedAt: null,
        totals: null,
        scopes: [],
        error: null,
        live: false,
      };
  if (base.status !== 'running' && base.status !== 'planning') return base;
  const live = await liveProgress(deps, located.workflowId, id).catch(() => undefined);
  if (!live) return base;
  return {
    ...base,
    status: live.status,
    totals: live.totals,
    scopes: live.scopes as unknown as Array<Record<string, unknown>>,
    live: true,
  };
}

/**
 * The crawl of a connection and task that runs now, else the last one started by id
 * `crawl:<connectionId>:<task>`; undefined when there has been none.
 */
async function currentCrawl(
  deps: ServiceDeps,
  connectionId: string,
  task: string,
): Promise<{ workflowId: string; runId: string; running: boolean } | undefined> {
  // Scheduled crawls run under the same id (workflows/scheduled-crawl.ts).
  const workflowId = crawlWorkflowId(connectionId, task);
  try {
    const desc = await deps.crawls.handle(workflowId).describe();
    return { workflowId, runId: desc.runId, running: desc.status.name === 'RUNNING' };
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return undefined;
    throw err;
  }
}

/** The crawl of a connection and task running now, or the latest one; not found if it never ran. */
export async function latestCrawl(
  deps: ServiceDeps,
  caller: Caller,
  connectionId: string,
  task: string,
): Promise<CrawlStatusView> {
  const doc = await loadConnection(deps, caller, connectionId);
  const id = idString(doc._id) ?? connectionId;
  const current = await currentCrawl(deps, id, task);
  if (!current) throw new NotFoundError('crawl', crawlWorkflowId(id, task));
  return crawlStatus(deps, caller, current.runId);
}

/** Cancels the running crawl of a connection and task: its scopes close `cancelled`, nothing is swept. */
export async function cancelCrawl(
  deps: ServiceDeps,
  caller: Caller,
  connectionId: string,
  task: string,
): Promise<{ id: string | null; workflowId: string; cancelled: boolean }> {
  const doc = await loadConnection(deps, caller, connectionId);
  const id = idString(doc._id) ?? connectionId;
  const current = await currentCrawl(deps, id, task);
  if (!current) throw new NotFoundError('crawl', crawlWorkflowId(id, task));
  if (current.running) await deps.crawls.handle(current.workflowId, current.runId).cancel();
  return { id: current.runId, workflowId: current.workflowId, cancelled: current.running };
}

export interface RunListQuery extends PageRequest {
  connectionId?: string;
  task?: string;
  status?: string;
}

/** Runs from the ledger (`discovery_runs`), newest first, restricted to the caller's tenant. */
export async function listRuns(
  deps: ServiceDeps,
  caller: Caller,
  query: RunListQuery = {},
): Promise<Page<CrawlStatusView>> {
  const limit = pageLimit(query.limit);
  const filter: RunPageQuery = {};
  const tenant = callerTenant(caller);
  if (query.connectionId !== undefined) {
    const doc = await loadConnection(deps, caller, query.connectionId);
    filter.connectionId = idString(doc._id) ?? query.connectionId;
  } else if (tenant !== undefined) {
    filter.tenantId = tenant;
  }
  if (query.task !== undefined) {
    // A task no provider has is a client error (the document lists the tasks), not an empty list.
    if (!deps.providers.all().some((p) => Object.hasOwn(p.tasks, query.task as string)))
      throw new BadRequestError('task', `"${query.task}" is not a task of any provider`);
    filter.task = query.task;
  }
  if (query.status !== undefined) filter.status = query.status;
  if (query.cursor !== undefined) filter.before = decodeRunCursor(query.cursor);
  const docs = await deps.store.runs.page(filter, limit);
  return toPage(docs, limit, runView, (d) => runCursor(d.started_at, d._id));
}
