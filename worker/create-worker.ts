import { NativeConnection, Worker, type WorkflowBundle } from '@temporalio/worker';
import { createActivities } from '../activities/index.js';
import type { ActivityDeps } from '../activities/deps.js';
import type { Config } from '../config/index.js';
import { createProviderRegistry } from '../config/index.js';
import type { ProviderRegistry } from '../providers/registry.js';
import { crawlEventsInterceptor } from '../observability/crawl-events.js';
import { createJsonLogger, type LogFn } from '../observability/log.js';
import { workerTracing } from '../observability/tracing.js';
import { WorkerMetrics } from '../observability/metrics.js';
import { ensureIndexes, openStore, type Store } from '../store/index.js';
import { AccountBudgets, budgetContextInterceptor, connectionBudget } from './budget.js';
import { bundlePath, loadWorkflowBundle } from './bundle.js';
import { instrumentProviders } from './provider-calls.js';
import { activityDeadlineInterceptor, SlotWatch } from './activity-deadlines.js';

export { bundleWorkflows, WORKFLOWS_PATH } from './bundle.js';

export interface WorkerHandle {
  worker: Worker;
  store: Store;
  providers: ProviderRegistry;
  metrics: WorkerMetrics;
  /** The worker's activity slots as the deadline interceptor sees them. */
  slots: SlotWatch;
  /** Runs until shutdown; then closes the store and the connection. */
  run(): Promise<void>;
  shutdown(): void;
}

export interface WorkerOptions {
  config: Config;
  /** A bundle built by this process (tests, the demo); default: the prebuilt one or a fresh one. */
  bundle?: WorkflowBundle;
  /** Extra providers (the benchmark's synthetic provider). */
  providers?: ProviderRegistry;
  log?: LogFn;
  /** Default: one registry per process (processWorkerMetrics). */
  metrics?: WorkerMetrics;
}

/** How often the slot watch samples the running attempts. */
const SLOT_CHECK_MS = 5_000;

let shared: WorkerMetrics | undefined;
/** The process's worker metrics (what its /metrics serves). */
export function processWorkerMetrics(): WorkerMetrics {
  return (shared ??= new WorkerMetrics());
}

/** Wires the store, the providers and the activities into one Temporal worker. */
export async function createWorker(opts: WorkerOptions): Promise<WorkerHandle> {
  const { config } = opts;
  const log = opts.log ?? createJsonLogger({ level: config.logLevel, service: 'discovery-worker' });
  const metrics = opts.metrics ?? processWorkerMetrics();
  const bundle = opts.bundle ?? (await loadWorkflowBundle(bundlePath(config.workflowBundle))).bundle;
  const store = await openStore(config);
  await ensureIndexes(store, config.stagingTtlSeconds);
  const budgets = new AccountBudgets({
    db: store.db,
    requestsPerSecond: config.budgetRps,
    concurrency: config.budgetConcurrency,
    connectionLimits: async (id) => connectionBudget(await store.connections.get(id)),
    onWait: (provider, seconds) => metrics.budgetWait.inc({ provider }, seconds),
  });
  // Every provider call is observed and budgeted at one place (worker/provider-calls.ts).
  const providers = instrumentProviders(opts.providers ?? createProviderRegistry(config), {
    metrics,
    log,
    budget: (provider, credentials, signal) => budgets.acquire(provider, credentials, signal),
    callTimeoutMs: config.providerCallTimeoutMs,
  });
  const slots = new SlotWatch({ slots: config.workerActivitySlots, log, metrics });
  const deps: ActivityDeps = { config, store, providers, now: () => new Date(), log };
  const connection = await NativeConnection.connect({ address: config.temporalAddress });
  const traced = workerTracing();
  const worker = await Worker.create({
    connection,
    namespace: config.temporalNamespace,
    taskQueue: config.taskQueue,
    activities: createActivities(deps),
    workflowBundle: bundle,
    interceptors: {
      activity: [
        ...traced.activity,
        budgetContextInterceptor(),
        crawlEventsInterceptor({ log, metrics, getRun: (id) => store.runs.get(id) }),
        // Innermost: the crawl events see an attempt abandoned at its deadline as a failure.
        activityDeadlineInterceptor({ watch: slots, log, metrics }),
      ],
    },
    sinks: traced.sinks,
    shutdownGraceTime: `${config.workerShutdownGraceSeconds}s`,
    maxConcurrentActivityTaskExecutions: config.workerActivitySlots,
    // Fetch heartbeats carry the next page token: send them often enough that a retry loses ~1 page.
    maxHeartbeatThrottleInterval: '1s',
  });
  return {
    worker,
    store,
    providers,
    metrics,
    slots,
    async run() {
      const watching = setInterval(() => slots.check(), SLOT_CHECK_MS);
      watching.unref();
      try {
        await worker.run();
      } finally {
        clearInterval(watching);
        await connection.close();
        await store.close();
      }
    },
    shutdown: () => worker.shutdown(),
  };
}
