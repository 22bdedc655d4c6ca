import { WorkflowNotFoundError } from '@temporalio/client';
import { NotFoundError } from '../../core/errors.js';
import { addCounts, zeroCounts } from '../../core/model.js';
import type { RunDoc } from '../../store/runs.js';
import { arg, booleanFlag, EXIT, type Command } from '../command.js';
import { withContext, type CliContext } from '../context.js';
import { printJson, println, seconds, when } from '../format.js';
import { watchFromCli, type CrawlOutcome } from '../progress.js';
import { printCrawlSummary } from '../summary.js';
import { exitCode } from './crawl.js';

export const command: Command = {
  name: 'status',
  summary: '',
  positionals: [
    {
      name: 'crawl',
      description:
        'A workflow id (crawl:<connection>:<task>: its latest run) or a run id (from `discovery runs`).',
    },
  ],
  options: {
    wait: {
      type: 'boolean',
      short: 'w',
      description: 'If it is running, watch it to the end (progress bar).',
    },
    json: { type: 'boolean', description: 'Print one JSON object.' },
  },
  details: `A running crawl is shown live (its progress query); a finished one from the run ledger
(discovery_runs), with per-scope counters, errors and stale-sweep outcomes.`,
  async run(parsed) {
    const id = arg(parsed, 'crawl');
    const json = booleanFlag(parsed, 'json');
    return withContext(async (ctx) => {
      const run = await findRun(ctx, id);
      if (run.status === 'running' && booleanFlag(parsed, 'wait')) {
        const outcomes = await watchFromCli(
          await ctx.crawls(),
          [{ task: run.task, workflowId: run.workflow_id, runId: run._id }],
          json,
        );
        if (!outcomes) return EXIT.interrupted;
        const final = await (await ctx.store()).runs.get(run._id);
        show(final ?? run, json);
        return exitCode(outcomes);
      }
      show(run, json, run.status === 'running' ? await live(ctx, run) : undefined);
      return EXIT.ok;
    });
  },
};

/** The run named by a run id, or the latest run of a workflow id. */
async function findRun(ctx: CliContext, id: string): Promise<RunDoc> {
  const store = await ctx.store();
  const byRun = await store.runs.get(id);
  if (byRun) return byRun;
  let runId: string;
  try {
    runId = (await (await ctx.crawls()).handle(id).describe()).runId;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) throw new NotFoundError('crawl (run id or workflow id)', id);
    throw err;
  }
  const run = await store.runs.get(runId);
  if (!run)
    throw new Error(
      `workflow ${id} (run ${runId}) has no entry in the run ledger: it failed before planning (unknown connection or task?); see its history in the Temporal Web UI`,
    );
  return run;
}

/** Live counters of a running crawl; undefined when no worker answers the query. */
async function live(ctx: CliContext, run: RunDoc): Promise<Omit<CrawlOutcome, 'status'> | undefined> {
  try {
    const p = await (await ctx.crawls()).progress(run.workflow_id, run._id);
    return {
      task: run.task,
      workflowId: run.workflow_id,
      runId: run._id,
      totals: p.totals,
      scopes: p.scopes,
    };
  } catch {
    return undefined;
  }
}

function show(run: RunDoc, json: boolean, latest?: Omit<CrawlOutcome, 'status'>): void {
  const scopes = latest?.scopes ?? run.scopes;
  const totals = latest?.totals ?? run.totals ?? scopes.reduce((a, s) => addCounts(a, s), zeroCounts());
  if (json) {
    printJson({
      runId: run._id,
      workflowId: run.workflow_id,
      connectionId: run.connection_id,
      task: run.task,
      status: run.status,
      startedAt: run.started_at,
      finishedAt: run.finished_at ?? null,
      totals,
      scopes,
      ...(run.error ? { error: run.error } : {}),
    });
    return;
  }
  const took = run.finished_at ? `  in ${seconds(run.finished_at.getTime() - run.started_at.getTime())}` : '';
  printCrawlSummary(
    {
      task: run.task,
      workflowId: run.workflow_id,
      runId: run._id,
      status: run.status,
      totals,
      scopes,
      ...(run.error ? { error: `${run.error.type}: ${run.error.message}` } : {}),
    },
    took,
  );
  println(
    `  connection ${run.connection_id}  task ${run.task}  started ${when(run.started_at)}  finished ${when(run.finished_at)}`,
  );
}
