// The API fuzzing run (`npm run fuzz`, and a bounded one in test/fuzz/): Schemathesis (PyPI, in
// .peers/fuzz-venv) over the OpenAPI document the API serves, against the real API listening on loopback
// with its real peers and an in-process worker. See README.md ("Reliability").
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { buildApp, REDACT, type App } from '../../api/app.js';
import type { Config } from '../../config/index.js';
import { ApiMetrics } from '../../observability/metrics.js';
import { openServices, type OpenServices } from '../../services/open.js';
import { privateToken, userToken } from './api.js';
import { runAccountInstances } from './aws-accounts.js';
import { startCrawlEnv, type CrawlEnv } from './crawl-env.js';
import { requirePeers } from './env.js';

const ROOT = resolve(import.meta.dirname, '../..');
export const SCHEMATHESIS = join(ROOT, '.peers/fuzz-venv/bin/schemathesis');
const CONFIG_FILE = join(ROOT, 'test/fuzz/schemathesis.toml');

/** A moto account of the fuzz run's own (its seeded instances are no other test's). */
const FUZZ_ACCOUNT = '480000000018';
export const FUZZ_TENANT = '65a0000000000000000f0018';

export interface FuzzOptions {
  /** Schemathesis --max-examples: test cases per operation and phase. */
  maxExamples: number;
  /** Schemathesis --phases. */
  phases?: string;
  seed?: number;
  /** Reports (HAR, JUnit) go here. */
  reportDir: string;
  /** Progress lines (Schemathesis's own output included). */
  out?: (line: string) => void;
  /** Who the fuzzer is, one Schemathesis run each (default: private, user, none). */
  callers?: Caller[];
  /** Schemathesis --max-time, seconds (a bound for the test layer). */
  maxTime?: number;
}

/** Who the fuzzer is: a private token, a user token of one tenant, or nobody. */
export type Caller = 'private' | 'user' | 'none';

export interface OperationCount {
  requests: number;
  /** Responses that passed authentication and validation: the operation's own logic answered. */
  reached: number;
  /** 2xx responses. */
  ok: number;
}

export interface PassResult {
  caller: Caller;
  exitCode: number;
  /** Schemathesis's failure headings ("- ST103 Undocumented status code" …), with their operation. */
  failures: string[];
  requests: number;
}

export interface FuzzResult {
  operations: string[];
  passes: PassResult[];
  /** Per operation ("GET /v1/connections/{id}"), over every pass. */
  counts: Map<string, OperationCount>;
  requests: number;
  serverErrors: string[];
  schemaViolations: string[];
  /** Response bodies with a stack trace or a planted secret. */
  leaks: string[];
  /** Every line the API logged. */
  logs: string[];
}

interface HarEntry {
  request: { method: string; url: string };
  response: { status: number; content?: { text?: string } };
}

/** "/v1/connections/{id}" → a regex of its concrete paths. */
function pathRegex(template: string): RegExp {
  const escaped = template.replace(/[.+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+');
  return new RegExp(`^${escaped}/?$`);
}

/** The operation a request addressed, or undefined (an undeclared method or path). */
function operationOf(ops: Array<{ key: string; method: string; re: RegExp }>, method: string, url: string) {
  const path = new URL(url).pathname;
  return ops.find((o) => o.method === method && o.re.test(path))?.key;
}

/** True when the operation's logic produced the response (not auth, validation or the framework). */
function reachedLogic(status: number, body: string): boolean {
  if ([401, 405, 413, 414, 415].includes(status)) return false;
  if (status !== 400) return true;
  return !/"code":"validation_error"|"field":"params"|"field":"body"/.test(body);
}

/** Stack-trace shapes: "    at fn (file.ts:1:2)", "Error: …\n    at", node internals. */
const STACK = /\n\s+at [^\n]+\(?[^\s)]+:\d+:\d+\)?|node:internal|\/node_modules\//;

export async function runSchemathesis(
  url: string,
  caller: Caller,
  header: string | undefined,
  opts: FuzzOptions,
): Promise<{ exitCode: number; output: string; har: HarEntry[] }> {
  const dir = join(opts.reportDir, caller);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const args = [
    '--config-file',
    CONFIG_FILE,
    '--no-color',
    'run',
    `${url}/docs/json`,
    '--checks',
    'all',
    '--max-examples',
    String(opts.maxExamples),
    '--phases',
    opts.phases ?? 'examples,coverage,fuzzing,stateful',
    '--generation-database',
    'none',
    '--report',
    'har,junit',
    '--report-dir',
    dir,
    '--output-truncate',
    'true',
    // One worker: CPython 3.11's ast module is not thread-safe ("AST constructor recursion depth
    // mismatch" from Hypothesis's lambda descriptions under several workers).
    '--workers',
    '1',
    ...(opts.seed !== undefined ? ['--seed', String(opts.seed)] : []),
    ...(opts.maxTime !== undefined ? ['--max-time', String(opts.maxTime)] : []),
    ...(header ? ['-H', `Authorization: ${header}`] : []),
  ];
  let output = '';
  const exitCode = await new Promise<number>((done, fail) => {
    const child = spawn(SCHEMATHESIS, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, SCHEMATHESIS_HOOKS: '', PYTHONUNBUFFERED: '1' },
    });
    const take = (chunk: Buffer) => {
      output += chunk.toString();
      opts.out?.(chunk.toString());
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('error', fail);
    child.on('close', (code) => done(code ?? 1));
  });
  const harFile = readdirSync(dir).find((f) => f.startsWith('har-'));
  const har = harFile
    ? ((JSON.parse(readFileSync(join(dir, harFile), 'utf8')) as { log: { entries: HarEntry[] } }).log
        .entries ?? [])
    : [];
  return { exitCode, output, har };
}

/** Schemathesis's failure headings per operation, from its text output. */
function failuresOf(output: string): string[] {
  const out: string[] = [];
  let operation = '';
  for (const line of output.split('\n')) {
    const head = /^_{3,} (.+?) _{3,}$/.exec(line);
    if (head) operation = head[1] ?? '';
    const failure = /^- (ST\d+ .+)$/.exec(line);
    if (failure) out.push(`${operation}: ${failure[1]}`);
  }
  return out;
}

export interface FuzzTarget {
  config: Config;
  url: string;
  app: App;
  services: OpenServices;
  crawlEnv: CrawlEnv;
  logs: string[];
  tokens: Record<Exclude<Caller, 'none'>, string>;
  close(): Promise<void>;
}

/**
 * The API on a loopback port over the peers, with a worker (crawls started by the fuzzer run), and one
 * crawled AWS connection of FUZZ_TENANT (instances in a moto account of its own; its secret access key is
 * `cloudSecret`, which moto does not check), so inventory reads have documents to return.
 */
export async function startFuzzTarget(config: Config, cloudSecret = 'testing'): Promise<FuzzTarget> {
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logs.push(chunk.toString());
      done();
    },
  });
  const crawlEnv = await startCrawlEnv(config, [], (line) => logs.push(line));
  const services = await openServices(config);
  const app = await buildApp({
    services,
    logger: { level: 'info', stream: sink, redact: { paths: REDACT, censor: '[redacted]' } },
    metrics: new ApiMetrics(),
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const port = (app.server.address() as { port: number }).port;
  const url = `http://127.0.0.1:${port}`;
  const tokens = {
    private: `JWT ${await privateToken(config)}`,
    user: `Bearer ${await userToken(config, FUZZ_TENANT)}`,
  };
  const peers = requirePeers();
  await runAccountInstances(peers.awsEndpoint, 'us-east-1', FUZZ_ACCOUNT, 3);
  const created = await fetch(`${url}/v1/connections`, {
    method: 'POST',
    headers: { authorization: tokens.user, 'content-type': 'application/json' },
    body: JSON.stringify({
      provider: 'aws',
      name: 'fuzz seed',
      regions: ['us-east-1'],
      credentials: {
        access: 'testing',
        secret: cloudSecret,
        role_arn: `arn:aws:iam::${FUZZ_ACCOUNT}:role/Discovery`,
      },
    }),
  });
  if (created.status !== 201)
    throw new Error(`fuzz seed connection: ${created.status} ${await created.text()}`);
  const { id } = (await created.json()) as { id: string };
  const result = await crawlEnv.crawl(id, 'server-list');
  if (result.status !== 'completed') throw new Error(`fuzz seed crawl: ${result.status}`);
  return {
    config,
    url,
    app,
    services,
    crawlEnv,
    logs,
    tokens,
    async close() {
      await app.close();
      await services.close();
      await crawlEnv.stop();
    },
  };
}

/** Runs the fuzzer as each caller over one target and tallies every request it made. */
export async function fuzzApi(
  target: FuzzTarget,
  opts: FuzzOptions,
  plantedSecrets: readonly string[] = [],
): Promise<FuzzResult> {
  const doc = (await (await fetch(`${target.url}/docs/json`)).json()) as {
    paths: Record<string, Record<string, unknown>>;
  };
  const ops = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.keys(methods).map((m) => ({
      key: `${m.toUpperCase()} ${path}`,
      method: m.toUpperCase(),
      re: pathRegex(path),
    })),
  );
  const counts = new Map<string, OperationCount>(ops.map((o) => [o.key, { requests: 0, reached: 0, ok: 0 }]));
  const result: FuzzResult = {
    operations: ops.map((o) => o.key),
    passes: [],
    counts,
    requests: 0,
    serverErrors: [],
    schemaViolations: [],
    leaks: [],
    logs: target.logs,
  };
  const headers: Record<Caller, string | undefined> = { ...target.tokens, none: undefined };
  for (const caller of opts.callers ?? (['private', 'user', 'none'] as const)) {
    const header = headers[caller];
    opts.out?.(`\n== fuzz: schemathesis as ${caller} caller\n`);
    const { exitCode, output, har } = await runSchemathesis(target.url, caller, header, opts);
    const failures = failuresOf(output);
    result.passes.push({ caller, exitCode, failures, requests: har.length });
    result.requests += har.length;
    for (const f of failures) {
      // ST103–ST111: undocumented status, content type or headers, a body that violates its schema.
      if (/: ST1(0[3-9]|1\d) /.test(f)) result.schemaViolations.push(`${caller}: ${f}`);
    }
    for (const e of har) {
      const body = e.response.content?.text ?? '';
      const key = operationOf(ops, e.request.method, e.request.url);
      const c = key ? counts.get(key) : undefined;
      if (c) {
        c.requests += 1;
        if (caller !== 'none' && reachedLogic(e.response.status, body)) c.reached += 1;
        if (e.response.status >= 200 && e.response.status < 300) c.ok += 1;
      }
      const what = `${caller}: ${e.request.method} ${e.request.url.slice(0, 200)} → ${e.response.status}`;
      if (e.response.status >= 500) result.serverErrors.push(`${what} ${body.slice(0, 200)}`);
      if (STACK.test(body)) result.leaks.push(`${what}: stack trace in the body`);
      for (const s of plantedSecrets)
        if (body.includes(s)) result.leaks.push(`${what}: a planted secret in the body`);
    }
  }
  return result;
}

/** `fuzz: 30 operations, 31,337 requests, 0 5xx, 0 schema violations`. */
export function summaryLine(r: FuzzResult): string {
  return `fuzz: ${r.operations.length} operations, ${r.requests} requests, ${r.serverErrors.length} 5xx, ${r.schemaViolations.length} schema violations`;
}
