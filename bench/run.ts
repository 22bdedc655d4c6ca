// `npm run bench` (scripts/bench.sh): end-to-end crawl throughput and worker RSS of Discovery on the
// synthetic provider, against the same work done by a plain loop without Temporal.
//
//   node --import tsx bench/run.ts [--sizes 10000,100000] [--crawl-timeout-min 30] [--keep-data] [--cpu-prof]
//                                  [--worker-from-sources]
//
// For each N: a fresh worker process (bench/worker-process.ts, compiled to JavaScript by
// scripts/build-cli.ts as the image runs it; --worker-from-sources: its TypeScript through tsx) on a fresh
// database crawls a Maestro-format connection of the synthetic provider through CrawlClient three times:
// the first crawl, a re-crawl with nothing changed, and a re-crawl with 1 % of the servers changed and 1 %
// gone (each checked: counts, active and changed documents stored). Then a fresh raw-loop process
// (bench/raw-process.ts) writes the same N documents into another fresh database, with upserts by `_id`
// (the baseline: raw_s and ratio), then once more with inserts only (raw_insert_s, ratio_insert). All read
// pages of 1,000 (MAESTRO_SCAN_QTD) and write batches of 1,000 (MAESTRO_TRANSLATE_QTD). Prints a table per
// N (the three crawls and the two loops side by side), where each crawl's time went (Temporal histories,
// MongoDB command timings, CPU per process), and as its last line:
//   bench: n=<N> discovery_s=<s> raw_s=<s> ratio=<discovery/raw> raw_insert_s=<s> ratio_insert=<discovery/raw_insert>
//          rss10k=<MB> rss100k=<MB> idle_rss=<MB> rate=<resources/s> recrawl_s=<s> recrawl_ratio=<first/recrawl>
// (one line). Worker RSS is the worker process's ru_maxrss over its life (start and the three crawls);
// idle_rss its RSS once started, before the first crawl (the workflow bundle is built here, not in the
// worker). Mongo command times are summed per command, so concurrent commands can add up to more than the
// wall. A crawl still running after --crawl-timeout-min is cancelled: the bench prints what it measured, a
// projection from its per-batch times, a `bench (incomplete, lower bounds): ...` line, and exits 1.
// MONGODB_URI or TEMPORAL_ADDRESS in the environment replace the spawned peers (test/harness/peers.ts).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { MongoClient, type Db } from 'mongodb';
import { loadConfig } from '../config/index.js';
import { CrawlClient } from '../temporal/crawl-client.js';
import { seedSyntheticConnection } from '../test/harness/connections.js';
import { startPeers, type Peers } from '../test/harness/peers.js';
import { livePeerProcesses } from '../test/harness/proc.js';
import type { CrawlResult } from '../workflows/crawl-connection.js';
import { bundleWorkflows } from '../worker/create-worker.js';
import { buildEntry } from '../scripts/build-cli.js';
import { Child, type RawRun } from './child.js';
import { batchTrend, historyProfile, projectSeconds, type HistoryProfile } from './history-profile.js';
import { groupCpuSeconds, type CommandStat, type ProcStats } from './meter.js';
import {
  changed,
  listed,
  startSyntheticApi,
  type SyntheticApi,
  type SyntheticEdit,
} from './synthetic-server.js';

const PAGE_SIZE = 1000;
const BATCH_SIZE = 1000;
const REGION = 'synthetic-1';
const TASK = 'server-list';
const PROGRESS_EVERY_MS = 30_000;

/** An expected failure (a wrong count, a crawl that did not finish): printed without a stack. */
class BenchFailure extends Error {}

const here = (file: string): string => fileURLToPath(new URL(file, import.meta.url));

interface Options {
  sizes: number[];
  crawlTimeoutMs: number;
  keepData: boolean;
  cpuProf: boolean;
  workerFromSources: boolean;
}

function options(): Options {
  try {
    return parseOptions();
  } catch (err) {
    if (err instanceof BenchFailure) throw err;
    throw new BenchFailure(
      `${(err as Error).message}\nusage: npm run bench -- [--sizes 10000,100000] [--crawl-timeout-min 30] [--keep-data] [--cpu-prof] [--worker-from-sources]`,
    );
  }
}

function parseOptions(): Options {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '10000,100000' },
      'crawl-timeout-min': { type: 'string', default: '30' },
      'keep-data': { type: 'boolean', default: false },
      'cpu-prof': { type: 'boolean', default: false },
      'worker-from-sources': { type: 'boolean', default: false },
    },
    strict: true,
  });
  const sizes = values.sizes.split(',').map((s) => Number(s.trim()));
  if (sizes.length === 0 || sizes.some((n) => !Number.isInteger(n) || n <= 0)) {
    throw new BenchFailure(`--sizes: positive integers separated by commas, got "${values.sizes}"`);
  }
  const timeout = Number(values['crawl-timeout-min']);
  if (!(timeout > 0))
    throw new BenchFailure(`--crawl-timeout-min: a positive number, got "${values['crawl-timeout-min']}"`);
  return {
    sizes,
    crawlTimeoutMs: timeout * 60_000,
    keepData: values['keep-data'],
    cpuProf: values['cpu-prof'],
    workerFromSources: values['worker-from-sources'],
  };
}

/** CPU seconds of each peer (its whole process group). */
function peerCpu(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of livePeerProcesses()) if (p.pid !== undefined) out[p.name] = groupCpuSeconds(p.pid);
  return out;
}

function cpuDelta(after: Record<string, number>, before: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - (before[k] ?? 0)]));
}

interface DiscoveryRun {
  /** Which crawl: the first, the unchanged re-crawl, the edited re-crawl. */
  what: string;
  seconds: number;
  /** Undefined when the crawl did not end within --crawl-timeout-min (it was cancelled then). */
  result: CrawlResult | undefined;
  /** Resources created (from the result, or the last progress when timed out). */
  created: number;
  stats: ProcStats;
  peers: Record<string, number>;
  profile: HistoryProfile | undefined;
  apiRequests: number;
}

/** The crawls of one N in one worker process and database (a later one only if the one before ended). */
interface DiscoveryRuns {
  /** The worker, idle, before the first crawl. */
  ready: ProcStats;
  first: DiscoveryRun;
  recrawl?: DiscoveryRun;
  edited?: DiscoveryRun;
}

/** The edited re-crawl: 1 server in EDIT_EVERY changed, 1 in EDIT_EVERY gone. */
const EDIT_EVERY = 100;

/** The counts a crawl of n servers must end with (the first, or a re-crawl under this edit). */
function expectedCounts(
  n: number,
  first: boolean,
  edit: SyntheticEdit | undefined,
): { created: number; updated: number; unchanged: number; deactivated: number } {
  if (first) return { created: n, updated: 0, unchanged: 0, deactivated: 0 };
  let updated = 0;
  let deactivated = 0;
  for (let i = 0; i < n; i++) {
    if (!listed(i, edit)) deactivated += 1;
    else if (changed(i, edit)) updated += 1;
  }
  return { created: 0, updated, unchanged: n - updated - deactivated, deactivated };
}

interface RawRunResult {
  seconds: number;
  pages: number;
  written: number;
  stats: ProcStats;
  peers: Record<string, number>;
}

class Bench {
  private readonly stamp = Date.now().toString(36);
  private readonly children = new Set<Child>();

  constructor(
    private readonly opts: Options,
    private readonly peers: Peers,
    private readonly api: SyntheticApi,
    private readonly mongo: MongoClient,
    private readonly bundlePath: string,
    /** The worker process compiled to JavaScript (as the image runs it); undefined: its TypeScript via tsx. */
    private readonly workerScript: string | undefined,
  ) {}

  private fork(name: string, script: string, execArgv: string[] = [], compiled = false): Child {
    const child = new Child(name, compiled ? script : here(script), execArgv, compiled);
    this.children.add(child);
    void child.exited.then(() => this.children.delete(child));
    return child;
  }

  async stopChildren(): Promise<void> {
    await Promise.all([...this.children].map((c) => c.stop()));
  }

  private async dropDatabase(name: string): Promise<void> {
    if (!this.opts.keepData)
      await this.mongo
        .db(name)
        .dropDatabase()
        .catch(() => undefined);
  }

  async discovery(n: number): Promise<DiscoveryRuns> {
    const database = `bench-d${n}-${this.stamp}`;
    const env: Record<string, string> = {
      MONGODB_URI: this.peers.mongoUri,
      MAESTRO_MONGO_DATABASE: database,
      TEMPORAL_ADDRESS: this.peers.temporalAddress,
      TEMPORAL_NAMESPACE: this.peers.temporalNamespace,
      TEMPORAL_TASK_QUEUE: `bench-${n}-${this.stamp}`,
      AWS_ENDPOINT_URL: this.peers.motoEndpoint,
      MAESTRO_SCAN_QTD: String(PAGE_SIZE),
      MAESTRO_TRANSLATE_QTD: String(BATCH_SIZE),
      LOG_LEVEL: 'warn',
    };
    const config = loadConfig(env);
    const execArgv = this.opts.cpuProf
      ? // One directory per worker, Node's default file names: a fixed --cpu-prof-name would be written by
        // every thread of the process (tsx's loader thread too), the last one winning.
        [
          '--cpu-prof',
          '--cpu-prof-dir',
          join(process.cwd(), '.tmp', 'bench-prof', `worker-${n}-${this.stamp}`),
        ]
      : [];
    const worker = this.workerScript
      ? this.fork(`worker n=${n}`, this.workerScript, execArgv, true)
      : this.fork(`worker n=${n}`, './worker-process.ts', execArgv);
    const client = await CrawlClient.connect(config);
    try {
      const { stats: ready } = await worker.request(
        {
          type: 'start',
          env,
          bundlePath: this.bundlePath,
          apiUrl: this.api.url,
        },
        'ready',
      );
      const connectionId = await seedSyntheticConnection(this.mongo.db(database), {
        dc: 'Bench',
        regions: [REGION],
        secretJwt: config.secretJwt,
      });
      this.api.setCount(REGION, n);
      this.api.setEdit(REGION, undefined);
      const crawl = (what: string) =>
        this.crawlOnce(what, n, worker, client, this.mongo.db(database), connectionId);
      const first = await crawl('first crawl');
      if (!first.result) return { ready, first };
      console.log(`bench: n=${n}: first crawl ${f2(first.seconds)} s; re-crawl, nothing changed`);
      const recrawl = await crawl('re-crawl (unchanged)');
      if (!recrawl.result) return { ready, first, recrawl };
      console.log(
        `bench: n=${n}: unchanged re-crawl ${f2(recrawl.seconds)} s; re-crawl, ${100 / EDIT_EVERY} % changed and ${100 / EDIT_EVERY} % gone`,
      );
      this.api.setEdit(REGION, { changedEvery: EDIT_EVERY, goneEvery: EDIT_EVERY });
      const edited = await crawl('re-crawl (1 % changed, 1 % gone)');
      return { ready, first, recrawl, edited };
    } finally {
      this.api.setEdit(REGION, undefined);
      await worker.stop();
      await client.close();
      await this.dropDatabase(database);
    }
  }

  /**
   * One crawl of the bench connection, checked against what the synthetic listing holds now: the first
   * crawl creates every server; an unchanged re-crawl finds them all unchanged; an edited one updates
   * the changed ones and the sweep deactivates the gone ones.
   */
  private async crawlOnce(
    what: string,
    n: number,
    worker: Child,
    client: CrawlClient,
    db: Db,
    connectionId: string,
  ): Promise<DiscoveryRun> {
    const edit = this.api.edit(REGION);
    const requestsBefore = this.api.requests;
    await worker.request({ type: 'reset' }, 'reset-ok');
    const cpuBefore = peerCpu();

    const startedAt = new Date();
    const t0 = performance.now();
    const started = await client.start({ connectionId, task: TASK });
    const result = await this.waitForResult(client, started.workflowId, n, t0, what);
    const seconds = (performance.now() - t0) / 1000;

    const peers = cpuDelta(peerCpu(), cpuBefore);
    const { stats } = await worker.request({ type: 'report' }, 'report');
    const apiRequests = this.api.requests - requestsBefore;
    const servers = db.collection('servers');
    let created: number;
    if (result) {
      const want = expectedCounts(n, what === 'first crawl', edit);
      const got = {
        created: result.totals.created,
        updated: result.totals.updated,
        unchanged: result.totals.unchanged,
        deactivated: result.totals.deactivated,
      };
      if (result.status !== 'completed' || JSON.stringify(got) !== JSON.stringify(want)) {
        throw new BenchFailure(
          `discovery n=${n} (${what}): the crawl ended ${result.status} with ${JSON.stringify(got)} (want ${JSON.stringify(want)}); ` +
            `totals ${JSON.stringify(result.totals)}; ` +
            `scopes ${JSON.stringify(result.scopes.map((s) => ({ key: s.key, status: s.status, error: s.error })))}`,
        );
      }
      created = result.totals.created;
      const active = await servers.countDocuments({ connection_id: connectionId, active: true });
      const wantActive = n - want.deactivated;
      if (active !== wantActive)
        throw new BenchFailure(
          `discovery n=${n} (${what}): ${active} active servers stored, want ${wantActive}`,
        );
      if (edit) {
        const stopped = await servers.countDocuments({ connection_id: connectionId, status: 'Stopped' });
        if (stopped !== want.updated)
          throw new BenchFailure(
            `discovery n=${n} (${what}): ${stopped} servers stored as stopped, want ${want.updated}`,
          );
      }
    } else {
      created = await servers.countDocuments({ connection_id: connectionId });
      console.log(
        `  !! discovery n=${n} (${what}): no result after ${f1(seconds)} s (--crawl-timeout-min ${this.opts.crawlTimeoutMs / 60_000}): ` +
          `crawl cancelled with ${created} of ${n} resources stored`,
      );
    }
    const profile = await historyProfile(client.client, started.workflowId, startedAt).catch(
      (err: unknown) => {
        console.error(`bench: could not read the histories: ${String(err)}`);
        return undefined;
      },
    );
    return { what, seconds, result, created, stats, peers, profile, apiRequests };
  }

  /** The crawl's result, or undefined (after cancelling it) when it has not ended within the timeout. */
  private async waitForResult(
    client: CrawlClient,
    workflowId: string,
    n: number,
    t0: number,
    what: string,
  ): Promise<CrawlResult | undefined> {
    const progress = setInterval(() => {
      client.progress(workflowId).then(
        (p) =>
          console.log(
            `  … discovery n=${n} (${what}): ${((performance.now() - t0) / 1000).toFixed(0)} s, ` +
              `${p.totals.items} fetched, ${p.totals.created} created, ${p.totals.unchanged} unchanged`,
          ),
        () => undefined,
      );
    }, PROGRESS_EVERY_MS);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), this.opts.crawlTimeoutMs);
    });
    try {
      const result = await Promise.race([client.result(workflowId), timeout]);
      if (!result) {
        await client.cancel(workflowId).catch(() => undefined);
        // The cancelled crawl closes its scopes; give it a moment so the worker stops cleanly.
        await Promise.race([client.result(workflowId).catch(() => undefined), sleep(60_000)]);
      }
      return result;
    } finally {
      clearInterval(progress);
      clearTimeout(timer);
    }
  }

  async raw(n: number, writes: RawRun['writes']): Promise<RawRunResult> {
    const database = `bench-r${writes[0]}${n}-${this.stamp}`;
    const child = this.fork(`raw (${writes}) n=${n}`, './raw-process.ts');
    try {
      this.api.setCount(REGION, n);
      const cpuBefore = peerCpu();
      const done = await child.request(
        {
          type: 'run',
          mongoUri: this.peers.mongoUri,
          database,
          apiUrl: this.api.url,
          connectionId: `bench-raw-${n}`,
          region: REGION,
          n,
          pageSize: PAGE_SIZE,
          batchSize: BATCH_SIZE,
          writes,
        },
        'done',
      );
      const peers = cpuDelta(peerCpu(), cpuBefore);
      if (done.written !== n)
        throw new BenchFailure(`raw n=${n}: ${done.written} documents written, want ${n}`);
      const stored = await this.mongo.db(database).collection('servers').countDocuments({});
      if (stored !== n) throw new BenchFailure(`raw n=${n}: ${stored} documents stored, want ${n}`);
      return { seconds: done.seconds, pages: done.pages, written: done.written, stats: done.stats, peers };
    } finally {
      await child.stop();
      await this.dropDatabase(database);
    }
  }
}

// ---- output ---------------------------------------------------------------------------------------

const f1 = (x: number): string => x.toFixed(1);
const f2 = (x: number): string => x.toFixed(2);

function table(rows: string[][], indent = '  '): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows
    .map(
      (r) => indent + r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '),
    )
    .join('\n');
}

function commandTable(title: string, commands: CommandStat[], wallS: number, top = 10): string {
  const rows = [[title, 'calls', 'total_s', 'ms/call', '%wall']];
  for (const c of commands.slice(0, top)) {
    rows.push([c.key, String(c.count), f2(c.ms / 1000), f1(c.ms / c.count), f1((100 * c.ms) / 1000 / wallS)]);
  }
  const total = commands.reduce((s, c) => s + c.ms, 0);
  const calls = commands.reduce((s, c) => s + c.count, 0);
  rows.push([
    '(all mongo commands)',
    String(calls),
    f2(total / 1000),
    calls ? f1(total / calls) : '-',
    f1((100 * total) / 1000 / wallS),
  ]);
  return table(rows, '    ');
}

/** Where a crawl's time went, from its Temporal histories. */
function profileReport(n: number, d: DiscoveryRun, rawS: number): void {
  const p = d.profile;
  if (!p) return;
  const done = d.result !== undefined;
  const wallS = d.seconds;
  console.log(
    `  discovery, ${d.what}: where the time went (Temporal histories: ${p.runs} workflow runs, ${p.events} events; ` +
      `%wall of ${f2(wallS)} s):`,
  );
  const rows = [['step', 'count', 'exec_s', 'ms/call', 'first_ms', 'last_ms', 'queue_s', '%wall']];
  for (const s of p.steps) {
    rows.push([
      s.name + (s.retries ? ` (${s.retries} retries)` : ''),
      String(s.count),
      f2(s.execMs / 1000),
      f1(s.execMs / Math.max(1, s.count)),
      f1(s.firstMs),
      f1(s.lastMs),
      f2(s.queueMs / 1000),
      f1((100 * (s.execMs + s.queueMs)) / 1000 / wallS),
    ]);
  }
  console.log(table(rows, '    '));
  const trend = batchTrend(p);
  if (trend) {
    const batches = Math.ceil(n / BATCH_SIZE);
    const first = trend.perBatchS[0]!;
    const last = trend.perBatchS[trend.perBatchS.length - 1]!;
    console.log(
      `    seconds per batch of ${BATCH_SIZE}: first ${f2(first)}, last ${f2(last)} (${trend.perBatchS.length} measured); ` +
        `linear fit ${f2(trend.a)} + ${trend.b.toFixed(4)}·batch → ${f1(projectSeconds(trend, batches))} s for ${batches} batches`,
    );
    if (!done) {
      const projected = projectSeconds(trend, batches);
      console.log(
        `    projected (extrapolated, not measured): discovery_s≈${f1(projected)} ratio≈${f1(projected / rawS)} ` +
          `rate≈${f1(n / projected)} resources/s`,
      );
    }
  }
}

/** `r`: the raw loop with upserts (the baseline); `ri`: with inserts only (reference). */
function report(n: number, runs: DiscoveryRuns, r: RawRunResult, ri: RawRunResult): void {
  const d = runs.first;
  const crawls = [runs.first, runs.recrawl, runs.edited].filter((c): c is DiscoveryRun => c !== undefined);
  const cpu = (s: ProcStats): string => f1(s.cpuUserS + s.cpuSysS);
  const peer = (p: Record<string, number>, name: string): string =>
    p[name] === undefined ? '-' : f1(p[name]);
  const wall = (c: DiscoveryRun): string =>
    c.result !== undefined ? f2(c.seconds) : `>${f2(c.seconds)} (stopped)`;
  const ratio = (c: DiscoveryRun, base: number): string =>
    (c.result !== undefined ? '' : '>') + f2(c.seconds / base);
  const done = d.result !== undefined;
  console.log(`\n== n=${n}${done ? '' : ` (discovery TIMED OUT: ${d.created} of ${n} stored)`}`);
  const raws = [r, ri];
  console.log(
    table([
      ['', ...crawls.map((c) => `discovery: ${c.what}`), 'raw loop (upserts)', 'raw (inserts only)'],
      ['wall_s', ...crawls.map(wall), f2(r.seconds), f2(ri.seconds)],
      ['first crawl / this', ...crawls.map((c) => f2(d.seconds / c.seconds)), '', ''],
      ['ratio (this/raw upserts)', ...crawls.map((c) => ratio(c, r.seconds)), '', f2(ri.seconds / r.seconds)],
      [
        'ratio (this/raw inserts only)',
        ...crawls.map((c) => ratio(c, ri.seconds)),
        f2(r.seconds / ri.seconds),
        '',
      ],
      [
        'rate (resources/s)',
        ...crawls.map((c) =>
          c.result !== undefined ? f1(n / c.seconds) : `${f1(c.created / c.seconds)} (until stopped)`,
        ),
        f1(n / r.seconds),
        f1(n / ri.seconds),
      ],
      [
        'counts (created/updated/unchanged/deactivated)',
        ...crawls.map((c) =>
          c.result
            ? `${c.result.totals.created}/${c.result.totals.updated}/${c.result.totals.unchanged}/${c.result.totals.deactivated}`
            : '-',
        ),
        '',
        '',
      ],
      [
        'peak RSS MB (ru_maxrss, process life)',
        ...crawls.map((c) => f1(c.stats.maxRssMB)),
        f1(r.stats.maxRssMB),
        f1(ri.stats.maxRssMB),
      ],
      [
        'peak RSS MB (sampled during the crawl)',
        ...crawls.map((c) => f1(c.stats.peakRssMB)),
        f1(r.stats.peakRssMB),
        f1(ri.stats.peakRssMB),
      ],
      [
        '  at s; JS heap total / used, external MB',
        ...[...crawls, ...raws].map(
          ({ stats: { atPeak: p } }) =>
            `${f1(p.atS)}; ${f1(p.heapTotalMB)} / ${f1(p.heapUsedMB)}, ${f1(p.externalMB)}`,
        ),
      ],
      [
        'worker RSS MB idle, before the crawls (ru_maxrss then)',
        `${f1(runs.ready.rssMB)} (${f1(runs.ready.maxRssMB)})`,
        ...crawls.slice(1).map(() => ''),
        '-',
        '-',
      ],
      ['RSS MB at the end', ...crawls.map((c) => f1(c.stats.rssMB)), f1(r.stats.rssMB), f1(ri.stats.rssMB)],
      ['CPU s, own process', ...crawls.map((c) => cpu(c.stats)), cpu(r.stats), cpu(ri.stats)],
      [
        'CPU s, mongodb peer (ferretdb)',
        ...crawls.map((c) => peer(c.peers, 'mongodb')),
        peer(r.peers, 'mongodb'),
        peer(ri.peers, 'mongodb'),
      ],
      [
        'CPU s, temporal peer',
        ...crawls.map((c) => peer(c.peers, 'temporal')),
        peer(r.peers, 'temporal'),
        peer(ri.peers, 'temporal'),
      ],
      [
        'provider pages (requests)',
        ...crawls.map((c) => `${c.result?.totals.pages ?? '-'} (${c.apiRequests})`),
        String(r.pages),
        String(ri.pages),
      ],
    ]),
  );
  for (const c of crawls) profileReport(n, c, r.seconds);
  for (const c of crawls)
    console.log(commandTable(`mongo commands, discovery worker, ${c.what}`, c.stats.commands, c.seconds));
  console.log(commandTable('mongo commands, raw loop (upserts)', r.stats.commands, r.seconds));
  console.log(commandTable('mongo commands, raw loop (inserts only)', ri.stats.commands, ri.seconds));
}

// ---- main -----------------------------------------------------------------------------------------

interface Row {
  n: number;
  discoveryS: number;
  /** False when the crawl was stopped at --crawl-timeout-min. */
  done: boolean;
  created: number;
  rawS: number;
  rawInsertS: number;
  /** Worker peak RSS (ru_maxrss) over its life: start, the three crawls. */
  rssMB: number;
  /** Worker RSS idle, after start-up, before the first crawl. */
  idleRssMB: number;
  /** The unchanged re-crawl and the edited one (undefined when not run or not finished). */
  recrawlS: number | undefined;
  editedS: number | undefined;
}

async function main(): Promise<number> {
  const opts = options();
  const rows: Row[] = [];
  const peers = await startPeers();
  let api: SyntheticApi | undefined;
  let mongo: MongoClient | undefined;
  let bench: Bench | undefined;
  const tmp = await mkdtemp(join(tmpdir(), 'discovery-bench-'));
  const builtDirs: string[] = [];
  try {
    console.log(
      `bench: sizes ${opts.sizes.join(', ')}; page size ${PAGE_SIZE}, batch size ${BATCH_SIZE}; mongodb peer: ${peers.mongoServer}`,
    );
    api = await startSyntheticApi(0);
    mongo = await new MongoClient(peers.mongoUri, { ignoreUndefined: true }).connect();
    const bundlePath = join(tmp, 'workflow-bundle.json');
    await writeFile(bundlePath, JSON.stringify(await bundleWorkflows()));
    let workerScript: string | undefined;
    if (!opts.workerFromSources) {
      // Inside the repository, so the build's packages resolve from its node_modules.
      const dir = join(process.cwd(), '.tmp', `bench-worker-${Date.now().toString(36)}`);
      await buildEntry('bench/worker-process.ts', dir, 'worker-process');
      workerScript = join(dir, 'worker-process.js');
      builtDirs.push(dir);
    }
    console.log(
      `bench: worker ${workerScript ? `compiled (scripts/build-cli.ts, as the image runs it): ${workerScript}` : 'from the TypeScript sources (tsx)'}`,
    );
    bench = new Bench(opts, peers, api, mongo, bundlePath, workerScript);

    for (const n of opts.sizes) {
      console.log(`\nbench: n=${n}: discovery (worker process, Temporal)`);
      const runs = await bench.discovery(n);
      const d = runs.first;
      const last = runs.edited ?? runs.recrawl ?? d;
      console.log(`bench: n=${n}: discovery done; raw loop (no Temporal), upserts`);
      const r = await bench.raw(n, 'upsert');
      console.log(`bench: n=${n}: raw loop (upserts) ${f2(r.seconds)} s; raw loop, inserts only`);
      const ri = await bench.raw(n, 'insert');
      console.log(`bench: n=${n}: raw loop (inserts only) ${f2(ri.seconds)} s`);
      report(n, runs, r, ri);
      rows.push({
        n,
        discoveryS: d.seconds,
        done:
          d.result !== undefined && runs.recrawl?.result !== undefined && runs.edited?.result !== undefined,
        created: d.created,
        rawS: r.seconds,
        rawInsertS: ri.seconds,
        rssMB: last.stats.maxRssMB,
        idleRssMB: runs.ready.rssMB,
        recrawlS: runs.recrawl?.result ? runs.recrawl.seconds : undefined,
        editedS: runs.edited?.result ? runs.edited.seconds : undefined,
      });
    }
  } finally {
    await bench?.stopChildren();
    await mongo?.close();
    await api?.close();
    await peers.stop();
    await rm(tmp, { recursive: true, force: true });
    for (const dir of builtDirs) await rm(dir, { recursive: true, force: true });
  }

  const mark = (r: Row): string => (r.done ? '' : '>');
  console.log('\n== summary');
  const opt = (x: number | undefined, fmt: (v: number) => string = f2): string =>
    x === undefined ? '-' : fmt(x);
  console.log(
    table([
      [
        'n',
        'discovery_s',
        'raw_s',
        'ratio',
        'raw_insert_s',
        'ratio_insert',
        'recrawl_s',
        'recrawl_ratio',
        'edited_s',
        'rate',
        'idle_rss_MB',
        'worker_rss_MB',
      ],
      ...rows.map((r) => [
        String(r.n),
        mark(r) + f2(r.discoveryS),
        f2(r.rawS),
        mark(r) + f2(r.discoveryS / r.rawS),
        f2(r.rawInsertS),
        mark(r) + f2(r.discoveryS / r.rawInsertS),
        opt(r.recrawlS),
        opt(r.recrawlS, (x) => f2(r.discoveryS / x)),
        opt(r.editedS),
        f1((r.done ? r.n : r.created) / r.discoveryS),
        f1(r.idleRssMB),
        f1(r.rssMB),
      ]),
    ]),
  );
  const largest = rows.reduce((a, b) => (b.n > a.n ? b : a));
  const at10k = rows.find((r) => r.n === 10_000) ?? rows.reduce((a, b) => (b.n < a.n ? b : a));
  const at100k = rows.find((r) => r.n === 100_000) ?? largest;
  if (at10k.n !== 10_000 || at100k.n !== 100_000) {
    console.log(`(custom sizes: rss10k is the worker RSS at n=${at10k.n}, rss100k at n=${at100k.n})`);
  }
  const ratio = largest.discoveryS / largest.rawS;
  const ratioInsert = largest.discoveryS / largest.rawInsertS;
  const recrawlRatio = largest.recrawlS === undefined ? undefined : largest.discoveryS / largest.recrawlS;
  const rssGrowth = at100k.rssMB / at10k.rssMB;
  const verdict = (ok: boolean): string => (ok && largest.done ? 'met' : 'NOT met');
  console.log(
    `targets (n=${largest.n}): ratio ${mark(largest)}${f2(ratio)} ${ratio <= 1.5 ? '<=' : '>'} 1.5 ${verdict(ratio <= 1.5)}; ` +
      `ratio_insert ${f2(ratioInsert)} ${ratioInsert <= 1.5 ? '<=' : '>'} 1.5 ${verdict(ratioInsert <= 1.5)}; ` +
      `recrawl_ratio ${opt(recrawlRatio)} ${(recrawlRatio ?? 0) >= 3 ? '>=' : '<'} 3 ${verdict((recrawlRatio ?? 0) >= 3)}; ` +
      `idle RSS ${f1(largest.idleRssMB)} MB ${largest.idleRssMB <= 250 ? '<=' : '>'} 250 ${verdict(largest.idleRssMB <= 250)}; ` +
      `peak RSS ${f1(largest.rssMB)} MB ${largest.rssMB <= 300 ? '<=' : '>'} 300 ${verdict(largest.rssMB <= 300)}; ` +
      `rss100k/rss10k ${f2(rssGrowth)} ${rssGrowth <= 1.2 ? '<=' : '>'} 1.2 ${rssGrowth <= 1.2 ? 'met' : 'NOT met'}` +
      (at100k.done ? '' : ` (the n=${at100k.n} crawls were stopped early)`),
  );
  const line =
    `n=${largest.n} discovery_s=${f2(largest.discoveryS)} raw_s=${f2(largest.rawS)} ratio=${f2(ratio)} ` +
    `raw_insert_s=${f2(largest.rawInsertS)} ratio_insert=${f2(ratioInsert)} ` +
    `rss10k=${f1(at10k.rssMB)} rss100k=${f1(at100k.rssMB)} idle_rss=${f1(largest.idleRssMB)} ` +
    `rate=${f1((largest.done ? largest.n : largest.created) / largest.discoveryS)} ` +
    `recrawl_s=${opt(largest.recrawlS)} recrawl_ratio=${opt(recrawlRatio)}`;
  const stopped = rows.filter((r) => !r.done);
  if (stopped.length > 0) {
    console.log(`bench (incomplete, lower bounds): ${line}`);
    throw new BenchFailure(
      stopped
        .map(
          (r) =>
            `n=${r.n}: the Discovery crawl did not finish within ${opts.crawlTimeoutMs / 60_000} min ` +
            `(${r.created} of ${r.n} resources stored; it was cancelled)`,
        )
        .join('; ') + ' — raise --crawl-timeout-min or lower --sizes',
    );
  }
  console.log(`bench: ${line}`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    const text =
      err instanceof BenchFailure
        ? err.message
        : err instanceof Error
          ? (err.stack ?? err.message)
          : String(err);
    process.stderr.write(`\nbench: FAILED: ${text}\n`);
    process.exit(1);
  },
);
