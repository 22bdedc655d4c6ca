// Real worker processes (worker/main.ts, as in production) for the worker-kill tests of every provider
// layer: start one on a test configuration with the provider's environment, SIGKILL it mid-listing
// (its whole process group), start another, and read from the crawl's histories how the fetch resumed.
//
//   const workers = new WorkerProcesses(config, { AZURE_ARM_ENDPOINT: fake.url, MAESTRO_TRANSLATE_QTD: '50' });
//   const first = await workers.start(); ...; workers.kill(first); await workers.start();
//   after(() => workers.killAll());
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Config as TestConfig } from '../../config/index.js';
import type { Config } from '../../core/config.js';
import { openStore, type Store } from '../../store/index.js';
import { CrawlClient } from '../../temporal/crawl-client.js';
import type { CrawlResult } from '../../workflows/crawl-connection.js';
import { testConfig } from './crawl-env.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * A real worker process (worker/main.ts, as in production), in its own process group so that
 * `killWorker` takes it down at once with everything it started. Resolves once it polls (its start
 * line). `env` is added to this process's environment. Stderr goes to ours with DEBUG_WORKER set.
 */
export async function startWorkerProcess(env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'worker/main.ts'], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      killWorker(child);
      reject(new Error(`worker did not start in ${timeoutMs / 1000} s`));
    }, timeoutMs);
    const onExit = (code: number | null) => reject(new Error(`worker exited during start (${code})`));
    child.stdout?.on('data', (d: Buffer) => {
      if (d.toString().includes('discovery worker: task queue')) {
        clearTimeout(timer);
        child.off('exit', onExit);
        resolve();
      }
    });
    child.stderr?.on('data', (d: Buffer) => process.env.DEBUG_WORKER && process.stderr.write(d));
    child.on('exit', onExit);
  });
  return child;
}

/** SIGKILL to the worker's whole process group; nothing if it is gone. */
export function killWorker(child: ChildProcess): void {
  if (!child.pid || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

export class WorkerProcesses {
  private readonly children: ChildProcess[] = [];

  /**
   * `env` is the provider's environment (its endpoint, page and batch sizes); the store and Temporal
   * come from `config`. The heartbeat timeout defaults to 3 s and the fetch attempts to 5, so a killed
   * fetch is retried within seconds.
   */
  constructor(
    private readonly config: Config,
    private readonly env: Record<string, string>,
  ) {}

  /** A new worker process, resolved once it polls the task queue (60 s at most). */
  async start(): Promise<ChildProcess> {
    const child = await startWorkerProcess({
      MONGODB_URI: this.config.mongoUri,
      MAESTRO_MONGO_DATABASE: this.config.mongoDatabase,
      TEMPORAL_ADDRESS: this.config.temporalAddress,
      TEMPORAL_NAMESPACE: this.config.temporalNamespace,
      TEMPORAL_TASK_QUEUE: this.config.taskQueue,
      DISCOVERY_WORKER_METRICS_PORT: '0',
      DISCOVERY_HEARTBEAT_TIMEOUT_SECONDS: '3',
      DISCOVERY_FETCH_MAX_ATTEMPTS: '5',
      ...this.env,
    });
    this.children.push(child);
    return child;
  }

  /** SIGKILL: no shutdown, no last heartbeat, as a crashed machine. */
  kill(child: ChildProcess): void {
    killWorker(child);
  }

  killAll(): void {
    for (const child of this.children) this.kill(child);
  }
}

/** Polls `probe` every 50 ms; on timeout the error carries `state()` (what was served so far). */
export async function until(
  what: string,
  probe: () => boolean,
  state: () => string = () => '',
  timeoutMs = 60_000,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what} (${state()})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** How the fetches of one crawl went, from its partitions' histories. */
export interface FetchAttempts {
  /** The most pages a fetch kept from earlier attempts (`FetchResult.resumedPages`). */
  resumedPages: number;
  /**
   * Fetch attempts that did not complete (a completed fetch's attempt number minus one, summed): each
   * was killed or timed out, and may have had one page request in flight that its retry makes again.
   */
  interrupted: number;
}

export async function fetchAttempts(client: CrawlClient, crawlWorkflowId: string): Promise<FetchAttempts> {
  const out: FetchAttempts = { resumedPages: 0, interrupted: 0 };
  for await (const exec of client.client.workflow.list({
    query: `WorkflowId STARTS_WITH "${crawlWorkflowId}:"`,
  })) {
    const history = await client.handle(exec.workflowId, exec.runId).fetchHistory();
    const fetches = new Set<string>();
    for (const e of history.events ?? []) {
      const scheduled = e.activityTaskScheduledEventAttributes;
      if (scheduled?.activityType?.name === 'fetchPage') fetches.add(String(e.eventId));
      const started = e.activityTaskStartedEventAttributes;
      if (started && fetches.has(String(started.scheduledEventId)))
        out.interrupted += Math.max(0, (started.attempt ?? 1) - 1);
      const payload = e.activityTaskCompletedEventAttributes?.result?.payloads?.[0]?.data;
      const text = payload ? Buffer.from(payload).toString() : '';
      if (text.includes('resumedPages'))
        out.resumedPages = Math.max(
          out.resumedPages,
          (JSON.parse(text) as { resumedPages: number }).resumedPages,
        );
    }
  }
  return out;
}

/** What `killMidListing` observed. */
export interface KilledCrawl {
  result: CrawlResult;
  /** Pages the provider had served when the first worker was killed. */
  servedAtKill: number;
  fetches: FetchAttempts;
}

/**
 * The worker-kill scenario: a worker starts the crawl, is SIGKILLed once the provider has served
 * `killAfter` pages (`served()`: the peer's count), and a second worker finishes it.
 */
export async function killMidListing(opts: {
  workers: WorkerProcesses;
  client: CrawlClient;
  connectionId: string;
  task: string;
  served: () => number;
  killAfter: number;
}): Promise<KilledCrawl> {
  const first = await opts.workers.start();
  const started = await opts.client.start({ connectionId: opts.connectionId, task: opts.task });
  await until(
    `${opts.killAfter} pages served`,
    () => opts.served() >= opts.killAfter,
    () => `${opts.served()} served`,
  );
  opts.workers.kill(first);
  const servedAtKill = opts.served();
  await opts.workers.start();
  const result = await opts.client.result(started.workflowId);
  return { result, servedAtKill, fetches: await fetchAttempts(opts.client, started.workflowId) };
}

/** The frame every worker-kill test shares: a test configuration, its store, a client and the workers. */
export interface WorkerKillSuite {
  readonly config: TestConfig;
  readonly store: Store;
  readonly client: CrawlClient;
  readonly workers: WorkerProcesses;
}

/**
 * Registers the before/after hooks of a worker-kill test file: `setup` starts the provider's peer and
 * returns the workers' environment (its endpoint, page and batch sizes); `teardown` stops the peer.
 */
export function workerKillSuite(
  name: string,
  setup: (config: TestConfig) => Promise<Record<string, string>>,
  teardown: () => Promise<void> | void = () => undefined,
): WorkerKillSuite {
  let state: WorkerKillSuite | undefined;
  before(async () => {
    const config = testConfig(name);
    const env = await setup(config);
    state = {
      config,
      store: await openStore(config),
      client: await CrawlClient.connect(config),
      workers: new WorkerProcesses(config, env),
    };
  });
  after(async () => {
    state?.workers.killAll();
    await state?.client.close();
    await state?.store.db.dropDatabase();
    await state?.store.close();
    await teardown();
  });
  const get = (): WorkerKillSuite => {
    if (!state) throw new Error('workerKillSuite: used before its before() hook ran');
    return state;
  };
  return {
    get config() {
      return get().config;
    },
    get store() {
      return get().store;
    },
    get client() {
      return get().client;
    },
    get workers() {
      return get().workers;
    },
  };
}

/**
 * The bound a resumed listing keeps (activities/fetch.ts): a retried fetch goes on after the last page
 * an earlier attempt stored, so each interrupted attempt costs at most the one page whose request was
 * in flight — `served ≤ pages + interrupted`. (Resuming from the last heartbeat alone re-requested up to
 * a heartbeat interval of pages: the SDK sends one per 80% of the heartbeat timeout, 2.4 s at 3 s.)
 * `firstPages`: requests of the listing's first page, which must be one.
 */
export function assertBoundedResume(
  what: string,
  killed: KilledCrawl,
  counts: {
    served: number;
    pages: number;
    minKept: number;
    firstPages?: number;
    /**
     * Pages an attempt may fetch after timing out while its worker lives (its event loop blocked past
     * the heartbeat timeout, e.g. by a large SDK's first load): it learns of the timeout only at its
     * next heartbeat, ≤ 80% of the timeout later, fetching meanwhile beside its retry. Counted per
     * interrupted attempt (any of them may be one); 0 by default.
     */
    zombiePages?: number;
  },
): void {
  const { fetches } = killed;
  console.log(
    `# ${what}: ${counts.served} pages served for ${counts.pages} (killed after ${killed.servedAtKill}); ` +
      `${fetches.interrupted} fetch attempt(s) interrupted, ${fetches.resumedPages} pages kept`,
  );
  if (counts.firstPages !== undefined)
    assert.equal(counts.firstPages, 1, 'the first page once: the retried fetch went on from a stored token');
  assert.ok(fetches.interrupted >= 1, 'the kill interrupted a fetch');
  const bound = counts.pages + fetches.interrupted * (1 + (counts.zombiePages ?? 0));
  assert.ok(
    counts.served <= bound,
    `served ${counts.served} pages for ${counts.pages} with ${fetches.interrupted} interrupted attempt(s) (at most ${bound})`,
  );
  assert.ok(
    fetches.resumedPages >= counts.minKept,
    `the retried fetch kept ${fetches.resumedPages} stored pages`,
  );
}
