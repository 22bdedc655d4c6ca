import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { CONFIG_VARS, type Config } from '../../core/config.js';

/** Runs the real `discovery` CLI (node bin/discovery.js) as a child process. */
export const CLI_PATH = fileURLToPath(new URL('../../bin/discovery.js', import.meta.url));
export const REPO_DIR = fileURLToPath(new URL('../..', import.meta.url));

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** The environment that makes a child process load exactly this configuration. */
export function configEnv(config: Config): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, spec] of Object.entries(CONFIG_VARS)) env[spec.env] = String(config[key as keyof Config]);
  return env;
}

/** The CLI's environment: ours (PATH...), then the test's configuration, then `extra`. */
export function cliEnv(config: Config, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    AWS_EC2_METADATA_DISABLED: 'true',
    ...configEnv(config),
    ...extra,
  };
}

export function runCli(
  args: string[],
  config: Config,
  opts: { env?: Record<string, string>; timeoutMs?: number; terminal?: boolean } = {},
): Promise<CliResult> {
  const quote = (a: string): string => `'${a.replace(/'/g, `'\\''`)}'`;
  // `terminal`: under script(1), so stdout and stderr are a pseudo-terminal (both arrive as stdout).
  const [command, argv] = opts.terminal
    ? ['script', ['-qec', [process.execPath, CLI_PATH, ...args].map(quote).join(' '), '/dev/null']]
    : [process.execPath, [CLI_PATH, ...args]];
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, {
      cwd: REPO_DIR,
      env: cliEnv(config, opts.env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 120_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** For assertion messages: what the CLI printed. */
export function transcript(r: CliResult): string {
  return `exit ${String(r.code)}${r.signal ? ` (${r.signal})` : ''}\n--- stdout\n${r.stdout}--- stderr\n${r.stderr}`;
}

/** A long-running CLI command (`dev`, `api`, `worker`): its output lines as they come, and its end. */
export interface RunningCli {
  child: ChildProcess;
  stdout: string[];
  stderr: string[];
  exited: Promise<CliResult>;
  /** Resolves with the first stdout line matching `re` (waiting for it), rejects if the process ends first. */
  waitFor(re: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
}

export function startCli(args: string[], config: Config, env: Record<string, string> = {}): RunningCli {
  const child = spawn(process.execPath, [CLI_PATH, ...args], {
    cwd: REPO_DIR,
    env: cliEnv(config, env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  const waiters: Array<() => void> = [];
  createInterface({ input: child.stdout }).on('line', (l) => {
    stdout.push(l);
    for (const w of waiters) w();
  });
  createInterface({ input: child.stderr }).on('line', (l) => stderr.push(l));
  const exited = new Promise<CliResult>((resolve) =>
    child.on('close', (code, signal) => {
      for (const w of waiters) w();
      resolve({ code, signal, stdout: stdout.join('\n') + '\n', stderr: stderr.join('\n') + '\n' });
    }),
  );
  const waitFor = (re: RegExp, timeoutMs = 120_000): Promise<RegExpMatchArray> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `no line matching ${re} in ${timeoutMs} ms:\n${stdout.join('\n')}\n${stderr.join('\n')}`,
            ),
          ),
        timeoutMs,
      );
      const check = (): void => {
        const m = stdout.map((l) => re.exec(l)).find((x) => x !== null);
        if (m) {
          clearTimeout(timer);
          resolve(m);
        } else if (child.exitCode !== null || child.signalCode !== null) {
          clearTimeout(timer);
          reject(
            new Error(`the CLI ended before printing ${re}:\n${stdout.join('\n')}\n${stderr.join('\n')}`),
          );
        }
      };
      waiters.push(check);
      check();
    });
  return { child, stdout, stderr, exited, waitFor };
}
