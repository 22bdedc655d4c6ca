import { WorkflowNotFoundError } from '@temporalio/client';
import { NotFoundError } from '../../core/errors.js';
import { addCounts, zeroCounts, type RunStatus } from '../../core/model.js';
import { crawlStatus, PRIVATE_CALLER, type CrawlStatusView } from '../../services/index.js';
import type { ScopeProgress } from '../../workflows/definitions.js';
import { arg, booleanFlag, EXIT, type Command } from '../command.js';
import { withContext, type CliContext } from '../context.js';
import { printJson, println, seconds, when } from '../format.js';
import { watchFromCli } from '../progress.js';
import { printCrawlSummary } from '../summary.js';
import { exitCode } from './crawl.js';

export const command: Command = {
  name: 'status',
  summary: '',
  positionals: [
    {
      name: 'crawl',
      description:
        'A run id (from `discovery runs`) or a workflow id (crawl:<connection>:<task>: its latest run).',
    },
  ],
  options: {
    wait: {
      type: 'boolean',
      short: 'w',
      description: 'If it is running, watch it to the end (progress bar).',
    },
    json: { type: 'boolean', description: "Print one JSON object (the API's run view)." },
  },
  details: `A running crawl is shown live (its progress query); a finished one from the run ledger
(discovery_runs), with per-scope counters, errors and stale-sweep outcomes.`,
  async run(parsed) {
    const id = arg(parsed, 'crawl');
    const json = booleanFlag(parsed, 'json');
    return withContext(async (ctx) => {
      const services = await ctx.services();
      const runId = await resolveRunId(ctx, id);
      let view = await crawlStatus(services, PRIVATE_CALLER, runId);
      const running = view.status === 'running' || view.status === 'planning';
      if (running && booleanFlag(parsed, 'wait')) {
        const outcomes = await watchFromCli(
          services.crawls,
          [{ task: view.task, workflowId: view.workflowId, runId }],
          json,
        );
        if (!outcomes) return EXIT.interrupted;
        view = await crawlStatus(services, PRIVATE_CALLER, runId);
        show(view, json);
        return exitCode(outcomes);
      }
      show(view, json);
      return EXIT.ok;
    });
  },
};

/** A run id as given, or the latest run of a workflow id. */
async function resolveRunId(ctx: CliContext, id: string): Promise<string> {
  if (await (await ctx.store()).runs.get(id)) return id;
  if (!id.includes(':')) return id; // a run id the ledger does not hold (yet): crawlStatus decides
  try {
    return (await (await ctx.crawls()).handle(id).describe()).runId;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) throw new NotFoundError('crawl (run id or workflow id)', id);
    throw err;
  }
}

function show(view: CrawlStatusView, json: boolean): void {
  if (json) {
    printJson(view);
    return;
  }
  const scopes = view.scopes as unknown as ScopeProgress[];
  const took =
    view.startedAt && view.finishedAt
      ? `  in ${seconds(Date.parse(view.finishedAt) - Date.parse(view.startedAt))}`
      : '';
  printCrawlSummary(
    {
      task: view.task,
      workflowId: view.workflowId,
      runId: view.id,
      status: view.status as RunStatus,
      totals: view.totals ?? scopes.reduce((a, s) => addCounts(a, s), zeroCounts()),
      scopes,
      ...(view.error ? { error: `${view.error.type}: ${view.error.message}` } : {}),
    },
    `${took}${view.live ? '  (live)' : ''}`,
  );
  println(
    `  connection ${view.connectionId}  task ${view.task}  started ${when(view.startedAt)}  finished ${when(view.finishedAt)}`,
  );
}
