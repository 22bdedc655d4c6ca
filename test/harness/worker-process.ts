// Real worker processes (worker/main.ts, as in production) for the worker-kill tests of every provider
// layer: start one on a test configuration with the provider's environment, SIGKILL it mid-listing
// (its whole process group), start another, and read from the crawl's histories how the fetch resumed.
//
//   const workers = new WorkerProcesses(config, { AZURE_ARM_ENDPOINT: fake.url, MAESTRO_TRANSLATE_QTD: '50' });
//   const first = await workers.start(); ...; workers.kill(first); await workers.start();
//   after(() => workers.killAll());
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Config } from '../../core/config.js';
import type { CrawlClient } from '../../temporal/crawl-client.js';
import type { CrawlResult } from '../../workflows/crawl-connection.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const READY = 'discovery worker: task queue';

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
    const child = spawn(process.execPath, ['--import', 'tsx', 'worker/main.ts'], {
      cwd: ROOT,
      // Its own process group: kill() takes the process and anything it started.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        MONGODB_URI: this.config.mongoUri,
        MAESTRO_MONGO_DATABASE: this.config.mongoDatabase,
        TEMPORAL_ADDRESS: this.config.temporalAddress,
        TEMPORAL_NAMESPACE: this.config.temporalNamespace,
        TEMPORAL_TASK_QUEUE: this.config.taskQueue,
        DISCOVERY_WORKER_METRICS_PORT: '0',
        DISCOVERY_HEARTBEAT_TIMEOUT_SECONDS: '3',
        DISCOVERY_FETCH_MAX_ATTEMPTS: '5',
        ...this.env,
      },
    });
    this.children.push(child);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('worker did not start in 60 s')), 60_000);
      child.stdout?.on('data', (d: Buffer) => {
        if (d.toString().includes(READY)) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.stderr?.on('data', (d: Buffer) => process.env.DEBUG_WORKER && process.stderr.write(d));
      child.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`worker exited during start (${code})`));
      });
    });
    return child;
  }

  /** SIGKILL: no shutdown, no last heartbeat, as a crashed machine. */
  kill(child: ChildProcess): void {
    if (!child.pid || child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
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
