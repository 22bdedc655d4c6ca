import { readFileSync } from 'node:fs';
import { ConfigError, DiscoveryError, errorMessage } from '../core/errors.js';
import { commandHelp, EXIT, parseCommandLine, UsageError } from './command.js';
import { COMMANDS, findCommand } from './registry.js';

/**
 * `discovery <command> [args] [options]`: finds the command, parses its arguments (node:util parseArgs),
 * runs it and turns what it returns or throws into an exit code (cli/command.ts EXIT).
 */
export async function main(argv: string[]): Promise<number> {
  if (argv.length === 0) {
    process.stderr.write(programHelp());
    return EXIT.usage;
  }
  const [first] = argv;
  if (first === '--help' || first === '-h' || first === 'help') {
    const target = findCommand(argv.slice(1));
    process.stdout.write(target ? commandHelp(await target.entry.load()) : programHelp());
    return EXIT.ok;
  }
  if (first === '--version' || first === '-v') {
    process.stdout.write(`${version()}\n`);
    return EXIT.ok;
  }
  const found = findCommand(argv);
  if (!found) {
    const group = COMMANDS.filter((c) => c.name.startsWith(`${first} `)).map((c) => c.name);
    const known = group.length > 0 ? group : [...new Set(COMMANDS.map((c) => c.name.split(' ')[0]))];
    const what = group.length > 0 ? `subcommand "${argv.slice(0, 2).join(' ')}"` : `command "${first}"`;
    process.stderr.write(`discovery: unknown ${what} (one of: ${known.join(', ')})\n`);
    return EXIT.usage;
  }
  const command = await found.entry.load();
  try {
    const parsed = parseCommandLine(command, found.rest);
    if (parsed.help) {
      process.stdout.write(commandHelp(command));
      return EXIT.ok;
    }
    return await command.run(parsed);
  } catch (err) {
    return reportError(command.name, err);
  }
}

function reportError(name: string, err: unknown): number {
  if (err instanceof UsageError) {
    process.stderr.write(`discovery ${name}: ${err.message}\nRun "discovery ${name} --help" for usage.\n`);
    return EXIT.usage;
  }
  if (err instanceof ConfigError) {
    process.stderr.write(`discovery ${name}: ${err.message}\n`);
    return EXIT.usage;
  }
  const message = err instanceof DiscoveryError ? err.message : errorMessage(err);
  process.stderr.write(`discovery ${name}: ${message}\n`);
  if (process.env.DISCOVERY_DEBUG && err instanceof Error && err.stack)
    process.stderr.write(`${err.stack}\n`);
  return EXIT.failed;
}

function programHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'Usage: discovery <command> [arguments] [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run "discovery <command> --help" for the arguments and options of a command.',
    'Configuration comes from the environment (MONGODB_URI, TEMPORAL_ADDRESS, ...; see README.md).',
    'Exit codes: 0 success, 1 failure, 2 bad usage or configuration, 3 crawl finished partial, 130 interrupted.',
    '',
  ].join('\n');
}

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}
