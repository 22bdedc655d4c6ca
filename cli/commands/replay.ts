import { WorkflowNotFoundError } from '@temporalio/client';
import type { History } from '@temporalio/common/lib/proto-utils.js';
import { Worker } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { NotFoundError } from '../../core/errors.js';
import { bundleWorkflows } from '../../worker/create-worker.js';
import { installRuntime } from '../../worker/main.js';
import { arg, booleanFlag, EXIT, stringFlag, type Command } from '../command.js';
import { withContext } from '../context.js';
import { printJson, println } from '../format.js';

export const command: Command = {
  name: 'replay',
  summary: '',
  positionals: [{ name: 'workflowId', description: 'e.g. crawl:<connection>:<task>' }],
  options: {
    'run-id': {
      type: 'string',
      value: 'run',
      description: 'Which run of the workflow (default: the latest).',
    },
    children: {
      type: 'boolean',
      description: 'Also replay the child workflows of that run (its partitions).',
    },
    json: { type: 'boolean', description: 'Print one JSON object.' },
  },
  details: `Fetches the history from Temporal and replays it against the workflow code of this checkout
(bundled as the worker bundles it), without running any activity. A change that would break running
crawls fails here with the event where the code and the history part ways: exit code 1.`,
  async run(parsed) {
    const workflowId = arg(parsed, 'workflowId');
    const runId = stringFlag(parsed, 'run-id');
    const json = booleanFlag(parsed, 'json');
    return withContext(async (ctx) => {
      const client = await ctx.crawls();
      const histories: Array<{ workflowId: string; history: History }> = [];
      let resolvedRunId: string;
      try {
        const handle = client.handle(workflowId, runId);
        resolvedRunId = (await handle.describe()).runId;
        histories.push({ workflowId, history: await handle.fetchHistory() });
      } catch (err) {
        if (err instanceof WorkflowNotFoundError)
          throw new NotFoundError('workflow', runId ? `${workflowId} (run ${runId})` : workflowId);
        throw err;
      }
      if (booleanFlag(parsed, 'children')) {
        // Partitions are named `<parent id>:<scope>:<parent run id>` (workflows/crawl-connection.ts).
        for await (const exec of client.client.workflow.list({
          query: `WorkflowId STARTS_WITH "${workflowId}:"`,
        })) {
          if (!exec.workflowId.endsWith(`:${resolvedRunId}`)) continue;
          histories.push({
            workflowId: exec.workflowId,
            history: await client.handle(exec.workflowId, exec.runId).fetchHistory(),
          });
        }
      }
      await installRuntime({ logLevel: 'warn' }, false);
      const bundle = await bundleWorkflows();
      const results: Array<{ workflowId: string; events: number; ok: boolean; error?: string }> = [];
      for (const h of histories) {
        const events = h.history.events?.length ?? 0;
        try {
          await Worker.runReplayHistory(
            { workflowBundle: bundle, replayName: `replay ${h.workflowId}` },
            h.history,
            h.workflowId,
          );
          results.push({ workflowId: h.workflowId, events, ok: true });
        } catch (err) {
          const kind = err instanceof DeterminismViolationError ? 'determinism violation' : 'replay failed';
          results.push({
            workflowId: h.workflowId,
            events,
            ok: false,
            error: `${kind}: ${(err as Error).message}`,
          });
        }
      }
      const ok = results.every((r) => r.ok);
      if (json) printJson({ workflowId, runId: resolvedRunId, ok, histories: results });
      else {
        for (const r of results)
          println(
            r.ok
              ? `ok    ${r.workflowId}  (${r.events} events replayed)`
              : `FAIL  ${r.workflowId}  ${r.error ?? ''}`,
          );
        println(
          ok
            ? `${results.length} histor${results.length === 1 ? 'y' : 'ies'} of run ${resolvedRunId} replay deterministically against the current workflow code`
            : `the current workflow code is not compatible with run ${resolvedRunId} of ${workflowId}`,
        );
      }
      return ok ? EXIT.ok : EXIT.failed;
    });
  },
};
