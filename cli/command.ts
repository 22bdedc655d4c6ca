import { parseArgs } from 'node:util';

/**
 * What a CLI command declares: its arguments and flags (shown by `--help`) and its action. The
 * dispatcher (cli/main.ts) parses the command line against this, so every command reports bad input
 * the same way: the offending flag or argument named, exit code 2.
 */
export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** Shown in `--help` as `--name <value>`. */
  value?: string;
  /** May be given several times (a string flag then parses to a list). */
  multiple?: boolean;
  description: string;
}

export interface PositionalSpec {
  name: string;
  description: string;
  optional?: boolean;
}

export interface ParsedArgs {
  /** Positionals by their declared name (optional ones may be missing). */
  args: Record<string, string | undefined>;
  flags: Record<string, string | boolean | string[] | undefined>;
}

export interface Command {
  /** As typed: `crawl`, `connections add`. */
  name: string;
  summary: string;
  positionals?: PositionalSpec[];
  options?: Record<string, OptionSpec>;
  /** More text for `--help`, after the options. */
  details?: string;
  /** Resolves with the process exit code. */
  run(parsed: ParsedArgs): Promise<number>;
}

export const EXIT = {
  ok: 0,
  /** The operation failed (a failed crawl, a determinism violation, an unknown id...). */
  failed: 1,
  /** Bad command line or configuration: nothing was done. */
  usage: 2,
  /** A crawl finished `partial`: some scopes failed. */
  partial: 3,
  interrupted: 130,
} as const;

/** Bad command-line input: printed with the command's usage line, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

const HELP: OptionSpec = { type: 'boolean', short: 'h', description: 'Show this help.' };

export function allOptions(cmd: Command): Record<string, OptionSpec> {
  return { ...cmd.options, help: HELP };
}

/** Parses argv (after the command name) against the command's declaration. */
export function parseCommandLine(cmd: Command, argv: string[]): ParsedArgs & { help: boolean } {
  const options = allOptions(cmd);
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: Object.fromEntries(
        Object.entries(options).map(([name, o]) => [
          name,
          { type: o.type, ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) },
        ]),
      ),
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    throw new UsageError(describeParseError(err, options));
  }
  const help = parsed.values.help === true;
  const specs = cmd.positionals ?? [];
  const args: Record<string, string | undefined> = {};
  if (!help) {
    if (parsed.positionals.length > specs.length) {
      const extra = parsed.positionals.slice(specs.length).map((p) => `"${p}"`);
      throw new UsageError(`unexpected argument ${extra.join(' ')}`);
    }
    for (const [i, spec] of specs.entries()) {
      const value = parsed.positionals[i];
      if (value === undefined && !spec.optional) throw new UsageError(`missing argument <${spec.name}>`);
      if (value !== undefined && value.trim() === '')
        throw new UsageError(`argument <${spec.name}> must not be empty`);
      args[spec.name] = value;
    }
  }
  return { args, flags: parsed.values as ParsedArgs['flags'], help };
}

/** Node's parseArgs messages, rewritten to name the flag and what is wrong with it. */
function describeParseError(err: unknown, options: Record<string, OptionSpec>): string {
  const message = err instanceof Error ? err.message : String(err);
  const code = (err as { code?: string }).code;
  const flag = /'(-{1,2}[^' ]+)/.exec(message)?.[1] ?? '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const known = Object.keys(options).map((n) => `--${n}`);
    return `unknown option ${flag} (options: ${known.join(', ')})`;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const name = flag.replace(/^-+/, '');
    const spec = Object.entries(options).find(([n, o]) => n === name || o.short === name);
    if (spec?.[1].type === 'boolean') return `option --${spec[0]} takes no value`;
    return `option ${spec ? `--${spec[0]}` : flag} needs a value${spec?.[1].value ? ` <${spec[1].value}>` : ''}`;
  }
  return message;
}

/** The `--help` text of a command. */
export function commandHelp(cmd: Command, program = 'discovery'): string {
  const positionals = (cmd.positionals ?? []).map((p) => (p.optional ? `[<${p.name}>]` : `<${p.name}>`));
  const options = allOptions(cmd);
  const lines = [
    `Usage: ${program} ${cmd.name}${positionals.length ? ' ' + positionals.join(' ') : ''}${Object.keys(options).length > 1 ? ' [options]' : ''}`,
    '',
    cmd.summary,
  ];
  if (cmd.positionals?.length) {
    lines.push('', 'Arguments:');
    const width = Math.max(...cmd.positionals.map((p) => p.name.length + 2));
    for (const p of cmd.positionals) lines.push(`  ${`<${p.name}>`.padEnd(width)}  ${p.description}`);
  }
  lines.push('', 'Options:');
  const flags = Object.entries(options).map(([name, o]) => ({
    left: `${o.short ? `-${o.short}, ` : '    '}--${name}${o.value ? ` <${o.value}>` : ''}`,
    text: o.description,
  }));
  const width = Math.max(...flags.map((f) => f.left.length));
  for (const f of flags) lines.push(`  ${f.left.padEnd(width)}  ${f.text}`);
  if (cmd.details) lines.push('', cmd.details.trim());
  return lines.join('\n') + '\n';
}

/** A string flag, or undefined when absent. */
export function stringFlag(parsed: ParsedArgs, name: string): string | undefined {
  const v = parsed.flags[name];
  if (typeof v !== 'string') return undefined;
  if (v.trim() === '') throw new UsageError(`option --${name} must not be empty`);
  return v;
}

export function booleanFlag(parsed: ParsedArgs, name: string): boolean {
  return parsed.flags[name] === true;
}

/** An integer flag within bounds; names the flag when the value is not one. */
export function intFlag(parsed: ParsedArgs, name: string, min: number, max: number): number | undefined {
  const v = stringFlag(parsed, name);
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v.trim())) throw new UsageError(`option --${name} must be an integer, got "${v}"`);
  const n = Number(v);
  if (n < min || n > max)
    throw new UsageError(`option --${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}

/** Every value of a repeatable string flag. */
export function listFlag(parsed: ParsedArgs, name: string): string[] {
  const v = parsed.flags[name];
  const list = Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
  if (list.some((x) => x.trim() === '')) throw new UsageError(`option --${name} must not be empty`);
  return list;
}

/** A required positional (parseCommandLine has checked it is present). */
export function arg(parsed: ParsedArgs, name: string): string {
  const v = parsed.args[name];
  if (v === undefined) throw new UsageError(`missing argument <${name}>`);
  return v;
}
