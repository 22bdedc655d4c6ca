import { loadConnection, PRIVATE_CALLER, providerOf, startCrawl } from '../../services/index.js';
import { arg, booleanFlag, EXIT, listFlag, UsageError, type Command } from '../command.js';
import { withContext } from '../context.js';
import { printJson, println, seconds } from '../format.js';
import { watchFromCli, type CrawlOutcome, type WatchedCrawl } from '../progress.js';
import { printCrawlSummary } from '../summary.js';

export const command: Command = {
  name: 'crawl',
  summary: '',
  positionals: [{ name: 'connection', description: 'Connection id (see `discovery connections list`).' }],
  options: {
    task: {
      type: 'string',
      multiple: true,
      value: 'task',
      description: "Task to crawl (repeatable). Default: every task of the connection's provider.",
    },
    wait: {
      type: 'boolean',
      short: 'w',
      description: 'Wait for the end, with a live progress bar and a summary.',
    },
    force: {
      type: 'boolean',
      description: 'Apply the stale sweep even where the mass-deletion guard refuses.',
    },
    json: { type: 'boolean', description: 'Print one JSON object (no progress), for scripts.' },
  },
  details: `Each task is one workflow, crawl:<connection>:<task>; while one runs, a second trigger attaches to it.
Without --wait the command returns once the crawls are started (see \`discovery status\`).
With --wait: progress on stderr (a bar on a terminal, plain lines otherwise), then the summary on stdout.
Ctrl-C stops watching, not the crawl. Exit code: 0 completed, 3 partial, 1 failed or cancelled.`,
  async run(parsed) {
    const connectionId = arg(parsed, 'connection');
    const json = booleanFlag(parsed, 'json');
    const wait = booleanFlag(parsed, 'wait');
    const force = booleanFlag(parsed, 'force');
    return withContext(async (ctx) => {
      const services = await ctx.services();
      const provider = providerOf(services, await loadConnection(services, PRIVATE_CALLER, connectionId));
      const known = Object.keys(provider.tasks);
      const tasks = listFlag(parsed, 'task');
      // All checked before any crawl starts.
      for (const t of tasks)
        if (!known.includes(t))
          throw new UsageError(
            `--task: "${t}" is not a task of provider ${provider.id} (tasks: ${known.join(', ')})`,
          );
      const crawls: Array<WatchedCrawl & { started: boolean }> = [];
      for (const task of tasks.length > 0 ? [...new Set(tasks)] : known) {
        const s = await startCrawl(services, PRIVATE_CALLER, {
          connectionId,
          task,
          ...(force ? { force } : {}),
        });
        crawls.push({ task, workflowId: s.workflowId, runId: s.id, started: s.started });
      }
      const client = services.crawls;
      if (!wait) {
        if (json) printJson({ connectionId, crawls });
        else
          for (const c of crawls)
            println(
              `${c.started ? 'started' : 'already running, attached to'} ${c.workflowId}  run ${c.runId}`,
            );
        if (!json) println(`follow with: discovery status ${crawls[0]?.workflowId ?? ''}`);
        return EXIT.ok;
      }
      const t0 = Date.now();
      const outcomes = await watchFromCli(client, crawls, json);
      if (!outcomes) {
        process.stderr.write(
          `interrupted: the crawl goes on; follow it with: discovery status ${crawls[0]?.workflowId ?? ''}\n`,
        );
        return EXIT.interrupted;
      }
      if (json) printJson({ connectionId, status: overallStatus(outcomes), crawls: outcomes });
      else for (const o of outcomes) printCrawlSummary(o, `  in ${seconds(Date.now() - t0)}`);
      return exitCode(outcomes);
    });
  },
};

function overallStatus(outcomes: CrawlOutcome[]): string {
  if (outcomes.every((o) => o.status === 'completed')) return 'completed';
  if (outcomes.some((o) => o.status === 'failed' || o.status === 'cancelled')) return 'failed';
  return 'partial';
}

/** 0 when every crawl completed, 1 when one failed or was cancelled, 3 when some scopes failed. */
export function exitCode(outcomes: Pick<CrawlOutcome, 'status'>[]): number {
  const s = overallStatus(outcomes as CrawlOutcome[]);
  return s === 'completed' ? EXIT.ok : s === 'partial' ? EXIT.partial : EXIT.failed;
}
