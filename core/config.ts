import { ConfigError } from './errors.js';

/**
 * The engine's configuration variables and the machinery every configuration variable uses. Each
 * variable is declared once (name, default, parser, doc): the engine's here, each provider's in its own
 * folder (`ProviderDefinition.settings`); `config/index.ts` gathers both into the one schema that the
 * api, the worker and the CLI load, and `.env.example` is generated from it (a test keeps it in sync).
 * Names follow the original service (spec §10) where one exists.
 */
export type Parser<T> = (raw: string) => T;

export interface VarSpec<T> {
  env: string;
  aliases?: string[];
  default: T;
  parse: Parser<T>;
  doc: string;
  secret?: boolean;
  /** The name (and meaning) of Maestro's discovery-api (its spec §10): marked ¹ in the README table. */
  original?: boolean;
}

export function int(min: number, max = Number.MAX_SAFE_INTEGER): Parser<number> {
  return (raw) => {
    if (!/^-?\d+$/.test(raw.trim())) throw new Error(`must be an integer, got "${raw}"`);
    const n = Number(raw);
    if (n < min || n > max) throw new Error(`must be between ${min} and ${max}, got ${n}`);
    return n;
  };
}
export const share: Parser<number> = (raw) => {
  if (!/^\s*(0|1|0?\.\d+|1\.0*)\s*$/.test(raw))
    throw new Error(`must be a number between 0 and 1, got "${raw}"`);
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0 || n > 1)
    throw new Error(`must be a number between 0 and 1, got "${raw}"`);
  return n;
};
export const str: Parser<string> = (raw) => raw;
export function oneOf<T extends string>(values: readonly T[]): Parser<T> {
  return (raw) => {
    const v = raw.trim().toLowerCase();
    if (!(values as readonly string[]).includes(v))
      throw new Error(`must be one of ${values.join(', ')}, got "${raw}"`);
    return v as T;
  };
}
export const nonEmpty: Parser<string> = (raw) => {
  if (raw.trim() === '') throw new Error('must not be empty');
  return raw.trim();
};
export const url: Parser<string> = (raw) => {
  if (raw === '') return '';
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new Error(`must be a URL, got "${raw}"`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new Error(`must be an http(s) URL, got "${raw}"`);
  return raw.replace(/\/+$/, '');
};
export const hexKey: Parser<string> = (raw) => {
  if (raw !== '' && !/^[0-9a-fA-F]{64}$/.test(raw))
    throw new Error('must be 64 hexadecimal characters (a 256-bit key)');
  return raw.toLowerCase();
};
export const bool: Parser<boolean> = (raw) => {
  const v = raw.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off', ''].includes(v)) return false;
  throw new Error(`must be true or false, got "${raw}"`);
};

/** Declares one variable (keeps its value type for `Config`). */
export const v = <T>(spec: VarSpec<T>): VarSpec<T> => spec;

export const CONFIG_VARS = {
  mongoUri: v({
    env: 'MONGODB_URI',
    aliases: ['MAESTRO_MONGO_URI'],
    default: 'mongodb://127.0.0.1:27017',
    parse: str,
    doc: 'MongoDB (or wire-compatible) connection string.',
    secret: true,
  }),
  mongoDatabase: v({
    env: 'MAESTRO_MONGO_DATABASE',
    default: 'maestro-client',
    parse: str,
    doc: "Database holding inventory, connections, runs and changes (Maestro's name by default).",
  }),
  temporalAddress: v({
    env: 'TEMPORAL_ADDRESS',
    default: '127.0.0.1:7233',
    parse: str,
    doc: 'Temporal frontend host:port.',
  }),
  temporalNamespace: v({
    env: 'TEMPORAL_NAMESPACE',
    default: 'default',
    parse: str,
    doc: 'Temporal namespace.',
  }),
  taskQueue: v({
    env: 'TEMPORAL_TASK_QUEUE',
    default: 'discovery',
    parse: str,
    doc: 'Task queue of the crawl workflows and activities.',
  }),
  port: v({
    env: 'MAESTRO_PORT',
    original: true,
    default: 5000,
    parse: int(1, 65535),
    doc: 'HTTP port of the API.',
  }),
  secretJwt: v({
    env: 'MAESTRO_SECRETJWT',
    original: true,
    default: 'defaultSecretKey',
    parse: str,
    doc: 'User-token secret; also signs Maestro-format connection credentials (`conn` JWT).',
    secret: true,
  }),
  secretJwtPrivate: v({
    env: 'MAESTRO_SECRETJWT_PRIVATE',
    original: true,
    default: 'defaultSecretKeyPrivate',
    parse: str,
    doc: 'Private (service-to-service) token secret, inbound and outbound.',
    secret: true,
  }),
  noauth: v({
    env: 'MAESTRO_NOAUTH',
    original: true,
    default: 'defaultSecretNoAuthToken',
    parse: str,
    doc: 'Value every private token must carry in `noauth`.',
    secret: true,
  }),
  websocketSecret: v({
    env: 'MAESTRO_WEBSOCKET_SECRET',
    original: true,
    default: 'wsSecretKey',
    parse: str,
    doc: 'Centrifugo API key.',
    secret: true,
  }),
  auditUri: v({
    env: 'MAESTRO_AUDIT_URI',
    original: true,
    default: '',
    parse: url,
    doc: 'Audit app base URL; empty disables the external audit step (the change history in discovery_changes is always kept).',
  }),
  websocketUri: v({
    env: 'MAESTRO_WEBSOCKET_URI',
    original: true,
    default: '',
    parse: url,
    doc: 'Centrifugo base URL; empty disables websocket notifications.',
  }),
  scanPageSize: v({
    env: 'MAESTRO_SCAN_QTD',
    original: true,
    default: 200,
    parse: int(1, 1000),
    doc: 'Provider page size (MaxResults, PageSize, limit...).',
  }),
  batchSize: v({
    env: 'MAESTRO_TRANSLATE_QTD',
    original: true,
    default: 1000,
    parse: int(1, 10000),
    doc: 'Records per translate/insert batch: a fetch gathers provider pages until it holds this many items.',
  }),
  encryptionKey: v({
    env: 'DISCOVERY_ENCRYPTION_KEY',
    default: '',
    parse: hexKey,
    doc: 'AES-256-GCM key (64 hex characters) for credentials stored by Discovery. Unset: only Maestro-format connections work.',
    secret: true,
  }),
  sweepGuardShare: v({
    env: 'DISCOVERY_SWEEP_GUARD_SHARE',
    default: 0.5,
    parse: share,
    doc: 'Mass-deletion guard: a scope may deactivate at most this share of its active resources in one run.',
  }),
  sweepGuardMin: v({
    env: 'DISCOVERY_SWEEP_GUARD_MIN',
    default: 5,
    parse: int(0),
    doc: 'The guard applies only when at least this many resources would be deactivated.',
  }),
  cliBuild: v({
    env: 'DISCOVERY_CLI_BUILD',
    default: '',
    parse: str,
    doc: 'The compiled `discovery` command (scripts/build-cli.ts, `npm run build`), run by bin/discovery.js instead of the TypeScript sources; the image sets it. Empty: the sources, through tsx.',
  }),
  recheckHours: v({
    env: 'DISCOVERY_RECHECK_HOURS',
    default: 24,
    parse: int(0, 24 * 365),
    doc: 'Unchanged re-crawls: a record whose checksum matches the one the last run applied is unchanged without reading the inventory, for this many hours after the inventory was last read; then a crawl reads it again (edits made in the database by others are seen then). 0: always read.',
  }),
  stagingTtlSeconds: v({
    env: 'DISCOVERY_STAGING_TTL_SECONDS',
    default: 7 * 24 * 3600,
    parse: int(60),
    doc: 'How long raw pages and batches are kept in staging (for retries and re-translation).',
  }),
  fetchMaxAttempts: v({
    env: 'DISCOVERY_FETCH_MAX_ATTEMPTS',
    default: 5,
    parse: int(1, 100),
    doc: 'Attempts of a provider fetch before its scope is marked failed.',
  }),
  scopeConcurrency: v({
    env: 'DISCOVERY_SCOPE_CONCURRENCY',
    default: 4,
    parse: int(1, 64),
    doc: 'Partitions (command x region) crawled at the same time per crawl.',
  }),
  partitionIterations: v({
    env: 'DISCOVERY_PARTITION_ITERATIONS',
    default: 100,
    parse: int(1, 10_000),
    doc: 'Batches a partition workflow runs before it continues as new (keeps histories short).',
  }),
  heartbeatTimeoutSeconds: v({
    env: 'DISCOVERY_HEARTBEAT_TIMEOUT_SECONDS',
    default: 30,
    parse: int(1, 3600),
    doc: 'A fetch that has not heartbeated for this long is retried on another worker (from its last page token).',
  }),
  httpTimeoutMs: v({
    env: 'DISCOVERY_HTTP_TIMEOUT_MS',
    default: 10_000,
    parse: int(100),
    doc: 'Timeout of outbound calls (providers, audit app, websocket).',
  }),
  mongoTimeoutMs: v({
    env: 'DISCOVERY_MONGODB_TIMEOUT_MS',
    default: 120_000,
    parse: int(100, 240_000),
    doc: "Deadline of each MongoDB command: its reply must come within this long (the driver's socketTimeoutMS), and so must a pooled connection (waitQueueTimeoutMS); a command past it fails and its activity is retried. At most 4 min, below the 5 min timeout of the database steps.",
  }),
  providerCallTimeoutMs: v({
    env: 'DISCOVERY_PROVIDER_CALL_TIMEOUT_MS',
    default: 25_000,
    parse: int(100, 540_000),
    doc: "Deadline of one provider call (a page listing with the SDK's own retries, an account listing, a credentials exchange): past it the call is abandoned and its fetch retried. Keep it below DISCOVERY_HEARTBEAT_TIMEOUT_SECONDS.",
  }),
  workerActivitySlots: v({
    env: 'DISCOVERY_WORKER_ACTIVITY_SLOTS',
    default: 16,
    parse: int(1, 1000),
    doc: 'Activities one worker runs at once (its activity slots).',
  }),
  logLevel: v({
    env: 'LOG_LEVEL',
    default: 'info',
    parse: oneOf(['debug', 'info', 'warn', 'error']),
    doc: 'Log level (debug, info, warn, error) of the worker and the API request log.',
  }),
  workerHeapGrowthPercent: v({
    env: 'DISCOVERY_WORKER_HEAP_GROWTH_PERCENT',
    default: 30,
    parse: int(0, 1000),
    doc: "The worker's JavaScript heap may grow to (1 + this/100) × its live size before a full collection (V8 --heap-growing-percent); 0 leaves V8's adaptive growth, which lets a long crawl's garbage reach ~3× the live heap.",
  }),
  workerShutdownGraceSeconds: v({
    env: 'DISCOVERY_SHUTDOWN_GRACE_SECONDS',
    default: 30,
    parse: int(0),
    doc: 'Time a stopping worker gives running activities to finish.',
  }),
  apiHost: v({
    env: 'DISCOVERY_API_HOST',
    default: '0.0.0.0',
    parse: nonEmpty,
    doc: 'Address the HTTP API listens on (with MAESTRO_PORT).',
  }),
  apiDocs: v({
    env: 'DISCOVERY_API_DOCS',
    default: true,
    parse: bool,
    doc: 'Serve the OpenAPI document at /docs/json and its UI at /docs.',
  }),
  apiShutdownGraceSeconds: v({
    env: 'DISCOVERY_API_SHUTDOWN_GRACE_SECONDS',
    default: 10,
    parse: int(0, 600),
    doc: 'Time a stopping API (SIGTERM) gives in-flight requests before it closes its connections.',
  }),
  temporalCliPath: v({
    env: 'TEMPORAL_CLI_PATH',
    default: 'temporal',
    parse: nonEmpty,
    doc: 'Path of the `temporal` CLI binary, used by `discovery dev` to start a local dev server (default: found on PATH).',
  }),
  workerMetricsPort: v({
    env: 'DISCOVERY_WORKER_METRICS_PORT',
    default: 9464,
    parse: int(-1, 65535),
    doc: "Port of the worker's own HTTP server: /metrics (Prometheus: Discovery's and the Temporal SDK's metrics), /health and /ready. 0: any free port; -1: no server.",
  }),
  workerMetricsHost: v({
    env: 'DISCOVERY_WORKER_METRICS_HOST',
    default: '0.0.0.0',
    parse: nonEmpty,
    doc: "Address the worker's metrics server listens on.",
  }),
  budgetRps: v({
    env: 'DISCOVERY_BUDGET_RPS',
    default: 0,
    parse: int(0, 100_000),
    doc: "Provider calls per second per provider account, shared by every worker (0: the provider's default, docs/operations.md); a connection's own `budget` field wins.",
  }),
  budgetConcurrency: v({
    env: 'DISCOVERY_BUDGET_CONCURRENCY',
    default: 0,
    parse: int(0, 10_000),
    doc: "Provider calls in flight at once per provider account, shared by every worker (0: the provider's default).",
  }),
  workflowBundle: v({
    env: 'DISCOVERY_WORKFLOW_BUNDLE',
    default: 'dist/workflow-bundle.js',
    parse: nonEmpty,
    doc: 'Prebuilt workflow bundle (`npm run bundle`; relative paths from the repository) a worker loads instead of running webpack at start; used only when no bundled source is newer.',
  }),
  apiMetrics: v({
    env: 'DISCOVERY_API_METRICS',
    default: true,
    parse: bool,
    doc: 'Serve Prometheus metrics of the API at /metrics (no authentication: keep the port internal).',
  }),
  demoMode: v({ env: 'DISCOVERY_DEMO', default: false, parse: bool, doc: 'Set by `npm run demo`.' }),
} as const;

type Vars = typeof CONFIG_VARS;
/** The engine's configuration (what activities, workflows' settings and services read). */
export type Config = { [K in keyof Vars]: Vars[K] extends VarSpec<infer T> ? T : never };

/**
 * Reads `specs` from `env` into an object keyed like `specs`; each bad variable is added to `problems`
 * (as `NAME: reason`) rather than thrown, so a caller can report every bad variable at once.
 */
export function readVars(
  specs: Readonly<Record<string, VarSpec<unknown>>>,
  env: NodeJS.ProcessEnv,
  problems: string[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(specs)) {
    const name = [spec.env, ...(spec.aliases ?? [])].find((n) => env[n] !== undefined);
    const raw = name === undefined ? undefined : env[name];
    if (raw === undefined) {
      out[key] = spec.default;
      continue;
    }
    try {
      out[key] = spec.parse(raw);
    } catch (err) {
      problems.push(`${name}: ${(err as Error).message}`);
    }
  }
  return out;
}

/** The engine's variables only (what a process without providers needs); see `config/index.ts`. */
export function loadEngineConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const out = readVars(CONFIG_VARS, env, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return out as Config;
}

/** `.env.example` lines for some variables. */
export function envExampleLines(specs: Iterable<VarSpec<unknown>>): string[] {
  const lines: string[] = [];
  for (const spec of specs) {
    const alias = spec.aliases?.length ? ` (alias: ${spec.aliases.join(', ')})` : '';
    lines.push(`# ${spec.doc}${alias}`);
    lines.push(`# ${spec.env}=${String(spec.default)}`);
    lines.push('');
  }
  return lines;
}
