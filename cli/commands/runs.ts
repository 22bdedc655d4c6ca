import { booleanFlag, EXIT, intFlag, type Command } from '../command.js';
import { withContext } from '../context.js';
import { formatTable, printJson, println, seconds, when } from '../format.js';

export const command: Command = {
  name: 'runs',
  summary: '',
  positionals: [{ name: 'connection', description: 'Only the runs of this connection.', optional: true }],
  options: {
    limit: {
      type: 'string',
      short: 'n',
      value: 'n',
      description: 'How many runs, newest first (default 20, at most 500).',
    },
    json: { type: 'boolean', description: 'Print a JSON array.' },
  },
  details: 'From the run ledger (discovery_runs). `discovery status <run>` shows one run per scope.',
  async run(parsed) {
    const limit = intFlag(parsed, 'limit', 1, 500) ?? 20;
    const connection = parsed.args.connection;
    return withContext(async (ctx) => {
      const runs = await (await ctx.store()).runs.list(connection, limit);
      if (booleanFlag(parsed, 'json')) {
        printJson(
          runs.map((r) => ({
            runId: r._id,
            workflowId: r.workflow_id,
            connectionId: r.connection_id,
            task: r.task,
            status: r.status,
            startedAt: r.started_at,
            finishedAt: r.finished_at ?? null,
            totals: r.totals ?? null,
          })),
        );
        return EXIT.ok;
      }
      if (runs.length === 0) {
        println(connection ? `no runs of connection ${connection}` : 'no runs');
        return EXIT.ok;
      }
      const rows = runs.map((r) => [
        r._id,
        r.connection_id,
        r.task,
        r.status,
        when(r.started_at),
        r.finished_at ? seconds(r.finished_at.getTime() - r.started_at.getTime()) : '-',
        String(r.totals?.created ?? '-'),
        String(r.totals?.updated ?? '-'),
        String(r.totals?.unchanged ?? '-'),
        String(r.totals?.deactivated ?? '-'),
      ]);
      const header = [
        'run',
        'connection',
        'task',
        'status',
        'started',
        'took',
        'created',
        'updated',
        'unchanged',
        'deactivated',
      ];
      for (const line of formatTable(header, rows, 5)) println(line);
      return EXIT.ok;
    });
  },
};
