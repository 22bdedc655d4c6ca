import { fileURLToPath } from 'node:url';
import {
  NativeConnection,
  Worker,
  bundleWorkflowCode,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import { createActivities } from '../activities/index.js';
import type { ActivityDeps } from '../activities/deps.js';
import type { Config } from '../config/index.js';
import { createProviderRegistry } from '../config/index.js';
import type { ProviderRegistry } from '../providers/registry.js';
import { ensureIndexes, openStore, type Store } from '../store/index.js';

export const WORKFLOWS_PATH = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

/** Bundles the workflow code once (webpack); reuse the bundle for every worker of a process. */
export function bundleWorkflows(): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quietBundlerLogger });
}

const quietBundlerLogger = {
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (m: string) => console.warn(m),
  error: (m: string) => console.error(m),
  log: () => undefined,
};

export interface WorkerHandle {
  worker: Worker;
  store: Store;
  providers: ProviderRegistry;
  /** Runs until shutdown; then closes the store and the connection. */
  run(): Promise<void>;
  shutdown(): void;
}

export interface WorkerOptions {
  config: Config;
  bundle?: WorkflowBundleWithSourceMap;
  /** Extra providers (the benchmark's synthetic provider). */
  providers?: ProviderRegistry;
  log?: ActivityDeps['log'];
}

/** Wires the store, the providers and the activities into one Temporal worker. */
export async function createWorker(opts: WorkerOptions): Promise<WorkerHandle> {
  const { config } = opts;
  const store = await openStore(config);
  await ensureIndexes(store, config.stagingTtlSeconds);
  const providers = opts.providers ?? createProviderRegistry(config);
  const deps: ActivityDeps = {
    config,
    store,
    providers,
    now: () => new Date(),
    log: opts.log ?? consoleLog(config.logLevel),
  };
  const connection = await NativeConnection.connect({ address: config.temporalAddress });
  const worker = await Worker.create({
    connection,
    namespace: config.temporalNamespace,
    taskQueue: config.taskQueue,
    activities: createActivities(deps),
    ...(opts.bundle ? { workflowBundle: opts.bundle } : { workflowsPath: WORKFLOWS_PATH }),
    shutdownGraceTime: `${config.workerShutdownGraceSeconds}s`,
    maxConcurrentActivityTaskExecutions: 16,
    // Fetch heartbeats carry the next page token: send them often enough that a retry loses ~1 page.
    maxHeartbeatThrottleInterval: '1s',
  });
  return {
    worker,
    store,
    providers,
    async run() {
      try {
        await worker.run();
      } finally {
        await connection.close();
        await store.close();
      }
    },
    shutdown: () => worker.shutdown(),
  };
}

const LEVELS = ['debug', 'info', 'warn', 'error'] as const;

/** Activity logs to the console at LOG_LEVEL and above. */
function consoleLog(threshold: string): ActivityDeps['log'] {
  const min = Math.max(0, LEVELS.indexOf(threshold as (typeof LEVELS)[number]));
  return (level, msg, fields) => {
    if (LEVELS.indexOf(level) >= min)
      console[level === 'debug' ? 'log' : level](`[${level}] ${msg}`, fields ?? '');
  };
}
