import { disabledStepsLine } from '../activities/notify.js';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DefaultLogger, Runtime, type LogEntry, type LogLevel } from '@temporalio/worker';
import { loadConfig, type Config } from '../config/index.js';
import { ConfigError } from '../core/errors.js';
import { jsonLine, type LogLevel as JsonLevel } from '../observability/log.js';
import { startMetricsServer, type MetricsServer } from '../observability/server.js';
import { freeLoopbackPort } from '../observability/ports.js';
import { tracingFromEnv } from '../observability/tracing.js';
import { bundlePath, loadWorkflowBundle } from './bundle.js';
import { createWorker, processWorkerMetrics, type WorkerOptions } from './create-worker.js';
import { boundHeapGrowth } from './heap.js';

export interface RunWorkerOptions extends Omit<WorkerOptions, 'config'> {
  /** Stop on SIGINT/SIGTERM (default). `discovery dev` handles the signals itself and calls `stop`. */
  handleSignals?: boolean;
  /** Called once the worker polls, with a function that stops it gracefully. */
  onReady?: (stop: () => void) => void;
  /** Where the start and stop lines go (default: stdout). */
  print?: (line: string) => void;
}

/** Core's Prometheus endpoint on loopback, when installRuntime exported one (appended to /metrics). */
let coreMetricsUrl: string | undefined;

/**
 * Installs the Temporal runtime once per process: its log as JSON lines (observability/log.ts), its
 * metrics on a loopback Prometheus endpoint that the worker's /metrics appends, and, optionally, its
 * signal handling.
 */
export async function installRuntime(
  config: Pick<Config, 'logLevel'> & { workerMetricsPort?: number },
  handleSignals: boolean,
): Promise<void> {
  const level = config.logLevel.toUpperCase() as LogLevel;
  const logger = new DefaultLogger(level, (entry: LogEntry) => {
    const lvl = entry.level.toLowerCase();
    const json: JsonLevel = lvl === 'trace' ? 'debug' : (lvl as JsonLevel);
    const line = jsonLine(json, entry.message, 'discovery-worker', entry.meta);
    (json === 'warn' || json === 'error' ? process.stderr : process.stdout).write(line + '\n');
  });
  let metrics;
  // Without metrics nothing is awaited before Runtime.install: callers that do not await still install.
  if ((config.workerMetricsPort ?? -1) >= 0) {
    const bind = `127.0.0.1:${await freeLoopbackPort()}`;
    metrics = { prometheus: { bindAddress: bind, countersTotalSuffix: true, useSecondsForDurations: true } };
    coreMetricsUrl = `http://${bind}/metrics`;
  }
  Runtime.install({
    shutdownSignals: handleSignals ? ['SIGINT', 'SIGTERM'] : [],
    logger,
    ...(metrics ? { telemetryOptions: { metrics } } : {}),
  });
}

/**
 * The worker process: registers the workflows and activities and runs until SIGINT/SIGTERM (or
 * `stop`), when it stops polling and gives running activities DISCOVERY_SHUTDOWN_GRACE_SECONDS to
 * finish. Serves /metrics, /health and /ready on DISCOVERY_WORKER_METRICS_PORT. Used by
 * `npm run worker`, `discovery worker` and `discovery dev`.
 */
export async function runWorker(config: Config, opts: RunWorkerOptions = {}): Promise<void> {
  const { handleSignals = true, onReady, print = (line) => console.log(line), ...workerOpts } = opts;
  if (handleSignals) await installRuntime(config, true);
  await tracingFromEnv('discovery-worker');
  boundHeapGrowth(config.workerHeapGrowthPercent);
  let bundle = workerOpts.bundle;
  let bundleNote = 'workflow bundle given';
  if (!bundle) {
    const loaded = await loadWorkflowBundle(bundlePath(config.workflowBundle));
    bundle = loaded.bundle;
    bundleNote = loaded.prebuilt
      ? `prebuilt workflow bundle ${bundlePath(config.workflowBundle)}`
      : `workflows bundled at start (${loaded.reason})`;
  }
  const handle = await createWorker({ config, ...workerOpts, bundle });
  let server: MetricsServer | undefined;
  try {
    if (config.workerMetricsPort >= 0)
      server = await startMetricsServer({
        registry: (workerOpts.metrics ?? processWorkerMetrics()).registry,
        host: config.workerMetricsHost,
        port: config.workerMetricsPort,
        ...(coreMetricsUrl ? { coreMetricsUrl } : {}),
        ready: () => handle.worker.getState() === 'RUNNING',
      });
  } catch (err) {
    handle.shutdown();
    await handle.run().catch(() => undefined);
    throw err;
  }
  print(
    `discovery worker: task queue "${config.taskQueue}" on ${config.temporalAddress} (namespace ${config.temporalNamespace})` +
      (server ? `, metrics ${server.url}/metrics` : '') +
      `; ${bundleNote}`,
  );
  const off = disabledStepsLine(config);
  if (off) print(off);
  onReady?.(() => handle.shutdown());
  try {
    await handle.run();
  } finally {
    await server?.close();
  }
  print('discovery worker: stopped');
}

function isEntryPoint(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

// `npm run worker` (tsx worker/main.ts)
if (isEntryPoint()) {
  try {
    await runWorker(loadConfig());
  } catch (err) {
    console.error(err instanceof ConfigError ? err.message : err);
    process.exit(1);
  }
}
