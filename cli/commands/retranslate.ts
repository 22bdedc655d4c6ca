import { NotFoundError } from '../../core/errors.js';
import { arg, booleanFlag, EXIT, type Command } from '../command.js';
import { withContext } from '../context.js';
import { printJson, println, seconds } from '../format.js';
import { watchFromCli } from '../progress.js';
import { printCrawlSummary } from '../summary.js';
import { exitCode } from './crawl.js';

export const command: Command = {
  name: 'retranslate',
  summary: '',
  positionals: [{ name: 'run', description: 'Run id of a finished crawl (see `discovery runs`).' }],
  options: {
    force: {
      type: 'boolean',
      description:
        'Go on even if a later crawl of the same connection and task exists (its newer data is overwritten).',
    },
    detach: {
      type: 'boolean',
      short: 'd',
      description: 'Return once started instead of waiting for the end.',
    },
    json: { type: 'boolean', description: 'Print one JSON object (no progress).' },
  },
  details: `Translates the run's raw provider pages, kept in staging (discovery_pages) for
DISCOVERY_STAGING_TTL_SECONDS, with the current normalizers, then audits, inserts and tracks them as a
new run (kind "retranslate" in discovery_runs, with its change history). The provider is not called and
nothing is deactivated. It is a Temporal workflow (retranslateRun) on the worker, under the crawl's
workflow id crawl:<connection>:<task>, so it never overlaps a crawl of the same connection and task.
Fails with a clear message when the pages have expired.`,
  async run(parsed) {
    const sourceRunId = arg(parsed, 'run');
    const json = booleanFlag(parsed, 'json');
    return withContext(async (ctx) => {
      const source = await (await ctx.store()).runs.get(sourceRunId);
      if (!source) throw new NotFoundError('run', sourceRunId);
      const client = await ctx.crawls();
      const started = await client.startRetranslate({
        sourceRunId,
        connectionId: source.connection_id,
        task: source.task,
        force: booleanFlag(parsed, 'force'),
      });
      if (!started.started)
        throw new Error(
          `a crawl of connection ${source.connection_id} and task ${source.task} is running (workflow ${started.workflowId}): retry once it has finished`,
        );
      const { runId } = await started.handle.describe();
      const watched = { task: source.task, workflowId: started.workflowId, runId };
      if (booleanFlag(parsed, 'detach')) {
        if (json) printJson({ sourceRunId, ...watched });
        else println(`started re-translation of run ${sourceRunId}: ${started.workflowId}  run ${runId}`);
        return EXIT.ok;
      }
      const t0 = Date.now();
      const outcomes = await watchFromCli(client, [watched], json);
      if (!outcomes) return EXIT.interrupted;
      for (const o of outcomes) {
        if (json) printJson({ sourceRunId, ...o });
        else printCrawlSummary(o, `  (re-translated from run ${sourceRunId}) in ${seconds(Date.now() - t0)}`);
      }
      return exitCode(outcomes);
    });
  },
};
