import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';
import { loadConfig, type Config } from '../config/index.js';
import { ConfigError } from '../core/errors.js';
import { createWorker, type WorkerOptions } from './create-worker.js';
import { boundHeapGrowth } from './heap.js';

export interface RunWorkerOptions extends Omit<WorkerOptions, 'config'> {
  /** Stop on SIGINT/SIGTERM (default). `discovery dev` handles the signals itself and calls `stop`. */
  handleSignals?: boolean;
  /** Called once the worker polls, with a function that stops it gracefully. */
  onReady?: (stop: () => void) => void;
  /** Where the start and stop lines go (default: stdout). */
  print?: (line: string) => void;
}

/** Installs the Temporal runtime once per process (its logger and, optionally, its signal handling). */
export function installRuntime(config: Pick<Config, 'logLevel'>, handleSignals: boolean): void {
  Runtime.install({
    shutdownSignals: handleSignals ? ['SIGINT', 'SIGTERM'] : [],
    logger: new DefaultLogger(config.logLevel.toUpperCase() as LogLevel),
  });
}

/**
 * The worker process: registers the workflows and activities and runs until SIGINT/SIGTERM (or
 * `stop`), when it stops polling and gives running activities DISCOVERY_SHUTDOWN_GRACE_SECONDS to
 * finish. Used by `npm run worker`, `discovery worker` and `discovery dev`.
 */
export async function runWorker(config: Config, opts: RunWorkerOptions = {}): Promise<void> {
  const { handleSignals = true, onReady, print = (line) => console.log(line), ...workerOpts } = opts;
  if (handleSignals) installRuntime(config, true);
  boundHeapGrowth(config.workerHeapGrowthPercent);
  const handle = await createWorker({ config, ...workerOpts });
  print(
    `discovery worker: task queue "${config.taskQueue}" on ${config.temporalAddress} (namespace ${config.temporalNamespace})`,
  );
  onReady?.(() => handle.shutdown());
  await handle.run();
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
