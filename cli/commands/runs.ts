import { listRuns, PRIVATE_CALLER, type CrawlStatusView } from '../../services/index.js';
import { booleanFlag, EXIT, intFlag, stringFlag, type Command } from '../command.js';
import { withContext } from '../context.js';
import { formatTable, printJson, println, seconds, when } from '../format.js';

const PAGE = 500;

export const command: Command = {
  name: 'runs',
  summary: '',
  positionals: [{ name: 'connection', description: 'Only the runs of this connection.', optional: true }],
  options: {
    task: { type: 'string', value: 'task', description: 'Only runs of this task.' },
    status: {
      type: 'string',
      value: 'status',
      description: 'Only runs with this status (running, completed, partial, failed, cancelled).',
    },
    limit: {
      type: 'string',
      short: 'n',
      value: 'n',
      description: 'How many runs, newest first (default 20).',
    },
    json: { type: 'boolean', description: "Print a JSON array (the API's run view)." },
  },
  details: 'From the run ledger (discovery_runs). `discovery status <run>` shows one run per scope.',
  async run(parsed) {
    const limit = intFlag(parsed, 'limit', 1, 100_000) ?? 20;
    const connectionId = parsed.args.connection;
    const task = stringFlag(parsed, 'task');
    const status = stringFlag(parsed, 'status');
    return withContext(async (ctx) => {
      const services = await ctx.services();
      const runs: CrawlStatusView[] = [];
      let cursor: string | undefined;
      do {
        const page = await listRuns(services, PRIVATE_CALLER, {
          limit: Math.min(PAGE, limit - runs.length),
          ...(connectionId ? { connectionId } : {}),
          ...(task ? { task } : {}),
          ...(status ? { status } : {}),
          ...(cursor ? { cursor } : {}),
        });
        runs.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor && runs.length < limit);
      if (booleanFlag(parsed, 'json')) {
        printJson(runs);
        return EXIT.ok;
      }
      if (runs.length === 0) {
        println('no runs');
        return EXIT.ok;
      }
      const rows = runs.map((r) => [
        r.id,
        r.connectionId,
        r.task,
        r.status,
        when(r.startedAt),
        r.startedAt && r.finishedAt ? seconds(Date.parse(r.finishedAt) - Date.parse(r.startedAt)) : '-',
        ...(['created', 'updated', 'unchanged', 'deactivated'] as const).map((k) =>
          String(r.totals?.[k] ?? '-'),
        ),
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
