import { DefaultLogger, Runtime, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { Db } from 'mongodb';
import { loadConfig, type Config } from '../../config/index.js';
import { createProviderRegistry } from '../../config/index.js';
import type { ProviderDefinition } from '../../providers/types.js';
import { CrawlClient } from '../../temporal/crawl-client.js';
import type { CrawlResult } from '../../workflows/crawl-connection.js';
import { bundleWorkflows, createWorker, type WorkerHandle } from '../../worker/create-worker.js';
import { requirePeers } from './env.js';

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;
let runtimeInstalled = false;

/** The workflow bundle, built once per test process. */
export function sharedBundle(): Promise<WorkflowBundleWithSourceMap> {
  return (bundle ??= bundleWorkflows());
}

/**
 * A configuration isolated for one test: its own database and task queue on the shared peers, so
 * tests never see each other's data or workers.
 */
export function testConfig(name: string, overrides: Record<string, string> = {}): Config {
  const peers = requirePeers();
  const suffix = `${name}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
  return loadConfig({
    MONGODB_URI: peers.mongoUri,
    MAESTRO_MONGO_DATABASE: `t-${suffix}`.slice(0, 60),
    TEMPORAL_ADDRESS: peers.temporalAddress,
    TEMPORAL_NAMESPACE: peers.temporalNamespace,
    TEMPORAL_TASK_QUEUE: `q-${suffix}`,
    AWS_ENDPOINT_URL: peers.awsEndpoint,
    DISCOVERY_FETCH_MAX_ATTEMPTS: '2',
    LOG_LEVEL: 'warn',
    ...overrides,
  });
}

export interface CrawlEnv {
  config: Config;
  worker: WorkerHandle;
  client: CrawlClient;
  db: Db;
  crawl(connectionId: string, task: string, force?: boolean): Promise<CrawlResult>;
  stop(): Promise<void>;
}

/** An in-process worker and a client on a test configuration. */
export async function startCrawlEnv(
  config: Config,
  extraProviders: ProviderDefinition[] = [],
  /** Receives every activity log line (level, message, fields as JSON); default: dropped. */
  logLine?: (line: string) => void,
): Promise<CrawlEnv> {
  if (!runtimeInstalled) {
    Runtime.install({ logger: new DefaultLogger('WARN') });
    runtimeInstalled = true;
  }
  const worker = await createWorker({
    config,
    bundle: await sharedBundle(),
    providers: createProviderRegistry(config, extraProviders),
    log: logLine
      ? (level, msg, fields) => logLine(`[${level}] ${msg} ${fields ? JSON.stringify(fields) : ''}`)
      : () => undefined,
  });
  const running = worker.run();
  const client = await CrawlClient.connect(config);
  return {
    config,
    worker,
    client,
    db: worker.store.db,
    async crawl(connectionId, task, force) {
      const started = await client.start({ connectionId, task, ...(force ? { force } : {}) });
      return client.result(started.workflowId);
    },
    async stop() {
      await worker.store.db.dropDatabase().catch(() => undefined);
      worker.shutdown();
      await running;
      await client.close();
    },
  };
}
