import type { Command } from './command.js';

/**
 * Every command, by name, loaded on demand: `discovery runs` does not load the worker, the API or the
 * workflow bundler. Summaries live here so `discovery --help` loads nothing.
 */
export interface CommandEntry {
  name: string;
  summary: string;
  load(): Promise<Command>;
}

const entry = (name: string, summary: string, load: () => Promise<{ command: Command }>): CommandEntry => ({
  name,
  summary,
  load: async () => ({ ...(await load()).command, name, summary }),
});

export const COMMANDS: CommandEntry[] = [
  entry(
    'dev',
    'Run everything on this machine: Temporal dev server, worker and API.',
    () => import('./commands/dev.js'),
  ),
  entry('api', 'Run the HTTP API (listens on MAESTRO_PORT).', () => import('./commands/api.js')),
  entry(
    'worker',
    'Run a worker (connects to TEMPORAL_ADDRESS; run as many as you like).',
    () => import('./commands/worker.js'),
  ),
  entry(
    'connections add',
    'Store a provider connection (credentials encrypted).',
    () => import('./commands/connections-add.js'),
  ),
  entry('connections list', 'List the stored connections.', () => import('./commands/connections-list.js')),
  entry('connections rm', 'Remove a connection.', () => import('./commands/connections-rm.js')),
  entry(
    'crawl',
    'Start a crawl of a connection; --wait shows its progress and summary.',
    () => import('./commands/crawl.js'),
  ),
  entry('status', 'Show the progress or outcome of a crawl.', () => import('./commands/status.js')),
  entry('runs', 'List recent crawl runs, of one connection or all.', () => import('./commands/runs.js')),
  entry(
    'replay',
    'Replay a workflow history against the current workflow code.',
    () => import('./commands/replay.js'),
  ),
  entry(
    'retranslate',
    'Re-translate and re-insert a run from its stored raw pages (no provider calls).',
    () => import('./commands/retranslate.js'),
  ),
];

/** The entry named by the first one or two words of argv, and the rest of argv. */
export function findCommand(argv: string[]): { entry: CommandEntry; rest: string[] } | undefined {
  for (const words of [2, 1]) {
    const name = argv.slice(0, words).join(' ');
    const found = COMMANDS.find((c) => c.name === name);
    if (found) return { entry: found, rest: argv.slice(words) };
  }
  return undefined;
}
