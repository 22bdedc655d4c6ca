// `npm run bench` (scripts/bench.sh): end-to-end crawl throughput and worker peak RSS of Discovery on
// the synthetic provider, against the same work done by a plain loop without Temporal.
//
//   node --import tsx bench/run.ts [--sizes 10000,100000] [--crawl-timeout-min 30] [--keep-data] [--cpu-prof]
//
// For each N: a fresh worker process (bench/worker-process.ts) on a fresh database crawls a Maestro-format
// connection of the synthetic provider through CrawlClient; then a fresh raw-loop process
// (bench/raw-process.ts) writes the same N documents into another fresh database, with upserts by `_id`
// (the baseline: raw_s and ratio), then once more with inserts only (for reference). All read pages of
// 1,000 (MAESTRO_SCAN_QTD) and write batches of 1,000 (MAESTRO_TRANSLATE_QTD). Prints a table per N,
// where the crawl's time went (Temporal histories, MongoDB command timings, CPU per process), and as
// its last line:
//   bench: n=<N> discovery_s=<s> raw_s=<s> ratio=<discovery/raw> rss10k=<MB> rss100k=<MB> rate=<resources/s>
// Worker RSS is the worker process's ru_maxrss (the workflow bundle is built here, not in the worker).
// Mongo command times are summed per command, so concurrent commands can add up to more than the wall.
// A crawl still running after --crawl-timeout-min is cancelled: the bench prints what it measured, a
// projection from its per-batch times, a `bench (incomplete, lower bounds): ...` line, and exits 1.
// MONGODB_URI or TEMPORAL_ADDRESS in the environment replace the spawned peers (test/harness/peers.ts).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { MongoClient } from 'mongodb';
import { loadConfig } from '../config/index.js';
import { CrawlClient } from '../temporal/crawl-client.js';
import { seedSyntheticConnection } from '../test/harness/connections.js';
import { startPeers, type Peers } from '../test/harness/peers.js';
import { livePeerProcesses } from '../test/harness/proc.js';
import type { CrawlResult } from '../workflows/crawl-connection.js';
import { bundleWorkflows } from '../worker/create-worker.js';
import { Child, type RawRun } from './child.js';
import { batchTrend, historyProfile, projectSeconds, type HistoryProfile } from './history-profile.js';
import { groupCpuSeconds, type CommandStat, type ProcStats } from './meter.js';
import { startSyntheticApi, type SyntheticApi } from './synthetic-server.js';

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
}

function options(): Options {
  try {
    return parseOptions();
  } catch (err) {
    if (err instanceof BenchFailure) throw err;
    throw new BenchFailure(
      `${(err as Error).message}\nusage: npm run bench -- [--sizes 10000,100000] [--crawl-timeout-min 30] [--keep-data] [--cpu-prof]`,
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
  seconds: number;
  /** Undefined when the crawl did not end within --crawl-timeout-min (it was cancelled then). */
  result: CrawlResult | undefined;
  /** Resources created (from the result, or the last progress when timed out). */
  created: number;
  ready: ProcStats;
  stats: ProcStats;
  peers: Record<string, number>;
  profile: HistoryProfile | undefined;
  apiRequests: number;
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
  ) {}

  private fork(name: string, script: string, execArgv: string[] = []): Child {
    const child = new Child(name, here(script), execArgv);
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

  async discovery(n: number): Promise<DiscoveryRun> {
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
    const worker = this.fork(`worker n=${n}`, './worker-process.ts', execArgv);
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
      const requestsBefore = this.api.requests;
      await worker.request({ type: 'reset' }, 'reset-ok');
      const cpuBefore = peerCpu();

      const t0 = performance.now();
      const started = await client.start({ connectionId, task: TASK });
      const result = await this.waitForResult(client, started.workflowId, n, t0);
      const seconds = (performance.now() - t0) / 1000;

      const peers = cpuDelta(peerCpu(), cpuBefore);
      const { stats } = await worker.request({ type: 'report' }, 'report');
      const apiRequests = this.api.requests - requestsBefore;
      let created: number;
      if (result) {
        if (result.status !== 'completed' || result.totals.created !== n) {
          throw new BenchFailure(
            `discovery n=${n}: the crawl ended ${result.status} with ${result.totals.created} created (want ${n}); ` +
              `totals ${JSON.stringify(result.totals)}; ` +
              `scopes ${JSON.stringify(result.scopes.map((s) => ({ key: s.key, status: s.status, error: s.error })))}`,
          );
        }
        created = result.totals.created;
        const stored = await this.mongo
          .db(database)
          .collection('servers')
          .countDocuments({ connection_id: connectionId, active: true });
        if (stored !== n)
          throw new BenchFailure(`discovery n=${n}: ${stored} active servers stored, want ${n}`);
      } else {
        created = await this.mongo
          .db(database)
          .collection('servers')
          .countDocuments({ connection_id: connectionId });
        console.log(
          `  !! discovery n=${n}: no result after ${f1(seconds)} s (--crawl-timeout-min ${this.opts.crawlTimeoutMs / 60_000}): ` +
            `crawl cancelled with ${created} of ${n} resources stored`,
        );
      }
      const profile = await historyProfile(client.client, started.workflowId).catch((err: unknown) => {
        console.error(`bench: could not read the histories: ${String(err)}`);
        return undefined;
      });
      return { seconds, result, created, ready, stats, peers, profile, apiRequests };
    } finally {
      await worker.stop();
      await client.close();
      await this.dropDatabase(database);
    }
  }

  /** The crawl's result, or undefined (after cancelling it) when it has not ended within the timeout. */
  private async waitForResult(
    client: CrawlClient,
    workflowId: string,
    n: number,
    t0: number,
  ): Promise<CrawlResult | undefined> {
    const progress = setInterval(() => {
      client.progress(workflowId).then(
        (p) =>
          console.log(
            `  … discovery n=${n}: ${((performance.now() - t0) / 1000).toFixed(0)} s, ` +
              `${p.totals.items} fetched, ${p.totals.created} created`,
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

/** `r`: the raw loop with upserts (the baseline); `ri`: with inserts only (reference). */
function report(n: number, d: DiscoveryRun, r: RawRunResult, ri: RawRunResult): void {
  const cpu = (s: ProcStats): string => f1(s.cpuUserS + s.cpuSysS);
  const peer = (p: Record<string, number>, name: string): string =>
    p[name] === undefined ? '-' : f1(p[name]);
  const done = d.result !== undefined;
  console.log(`\n== n=${n}${done ? '' : ` (discovery TIMED OUT: ${d.created} of ${n} stored)`}`);
  console.log(
    table([
      ['', 'discovery', 'raw loop (upserts)', 'raw (inserts only)'],
      ['wall_s', done ? f2(d.seconds) : `>${f2(d.seconds)} (stopped)`, f2(r.seconds), f2(ri.seconds)],
      [
        'ratio (discovery/raw)',
        done ? f2(d.seconds / r.seconds) : `>${f2(d.seconds / r.seconds)}`,
        '',
        f2(d.seconds / ri.seconds),
      ],
      [
        'rate (resources/s)',
        done ? f1(n / d.seconds) : `${f1(d.created / d.seconds)} (until stopped)`,
        f1(n / r.seconds),
        f1(n / ri.seconds),
      ],
      [
        'peak RSS MB (ru_maxrss, process life)',
        f1(d.stats.maxRssMB),
        f1(r.stats.maxRssMB),
        f1(ri.stats.maxRssMB),
      ],
      [
        'peak RSS MB (sampled during the run)',
        f1(d.stats.peakRssMB),
        f1(r.stats.peakRssMB),
        f1(ri.stats.peakRssMB),
      ],
      [
        '  at s; JS heap total / used, external MB',
        ...[d, r, ri].map(
          ({ stats: { atPeak: p } }) =>
            `${f1(p.atS)}; ${f1(p.heapTotalMB)} / ${f1(p.heapUsedMB)}, ${f1(p.externalMB)}`,
        ),
      ],
      [
        'RSS MB idle, before the run (ru_maxrss then)',
        `${f1(d.ready.rssMB)} (${f1(d.ready.maxRssMB)})`,
        '-',
        '-',
      ],
      ['RSS MB at the end', f1(d.stats.rssMB), f1(r.stats.rssMB), f1(ri.stats.rssMB)],
      ['CPU s, own process', cpu(d.stats), cpu(r.stats), cpu(ri.stats)],
      [
        'CPU s, mongodb peer (ferretdb)',
        peer(d.peers, 'mongodb'),
        peer(r.peers, 'mongodb'),
        peer(ri.peers, 'mongodb'),
      ],
      [
        'CPU s, temporal peer',
        peer(d.peers, 'temporal'),
        peer(r.peers, 'temporal'),
        peer(ri.peers, 'temporal'),
      ],
      [
        'provider pages (requests)',
        `${d.result?.totals.pages ?? '-'} (${d.apiRequests})`,
        String(r.pages),
        String(ri.pages),
      ],
    ]),
  );
  if (d.profile) {
    const p = d.profile;
    const wallS = d.seconds;
    console.log(
      `  discovery, where the time went (Temporal histories: ${p.runs} workflow runs, ${p.events} events; ` +
        `%wall of ${f2(wallS)} s; the partition runs its activities one after another):`,
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
          `    projected (extrapolated, not measured): discovery_s≈${f1(projected)} ratio≈${f1(projected / r.seconds)} ` +
            `rate≈${f1(n / projected)} resources/s`,
        );
      }
    }
  }
  console.log(commandTable('mongo commands, discovery worker', d.stats.commands, d.seconds));
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
  rssMB: number;
}

async function main(): Promise<number> {
  const opts = options();
  const rows: Row[] = [];
  const peers = await startPeers();
  let api: SyntheticApi | undefined;
  let mongo: MongoClient | undefined;
  let bench: Bench | undefined;
  const tmp = await mkdtemp(join(tmpdir(), 'discovery-bench-'));
  try {
    console.log(
      `bench: sizes ${opts.sizes.join(', ')}; page size ${PAGE_SIZE}, batch size ${BATCH_SIZE}; mongodb peer: ${peers.mongoServer}`,
    );
    api = await startSyntheticApi(0);
    mongo = await new MongoClient(peers.mongoUri, { ignoreUndefined: true }).connect();
    const bundlePath = join(tmp, 'workflow-bundle.json');
    await writeFile(bundlePath, JSON.stringify(await bundleWorkflows()));
    bench = new Bench(opts, peers, api, mongo, bundlePath);

    for (const n of opts.sizes) {
      console.log(`\nbench: n=${n}: discovery (worker process, Temporal)`);
      const d = await bench.discovery(n);
      console.log(`bench: n=${n}: discovery ${f2(d.seconds)} s; raw loop (no Temporal), upserts`);
      const r = await bench.raw(n, 'upsert');
      console.log(`bench: n=${n}: raw loop (upserts) ${f2(r.seconds)} s; raw loop, inserts only`);
      const ri = await bench.raw(n, 'insert');
      console.log(`bench: n=${n}: raw loop (inserts only) ${f2(ri.seconds)} s`);
      report(n, d, r, ri);
      rows.push({
        n,
        discoveryS: d.seconds,
        done: d.result !== undefined,
        created: d.created,
        rawS: r.seconds,
        rawInsertS: ri.seconds,
        rssMB: d.stats.maxRssMB,
      });
    }
  } finally {
    await bench?.stopChildren();
    await mongo?.close();
    await api?.close();
    await peers.stop();
    await rm(tmp, { recursive: true, force: true });
  }

  const mark = (r: Row): string => (r.done ? '' : '>');
  console.log('\n== summary');
  console.log(
    table([
      ['n', 'discovery_s', 'raw_s', 'ratio', 'raw_insert_s', 'ratio_insert', 'rate', 'worker_rss_MB'],
      ...rows.map((r) => [
        String(r.n),
        mark(r) + f2(r.discoveryS),
        f2(r.rawS),
        mark(r) + f2(r.discoveryS / r.rawS),
        f2(r.rawInsertS),
        mark(r) + f2(r.discoveryS / r.rawInsertS),
        f1((r.done ? r.n : r.created) / r.discoveryS),
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
  const rssGrowth = at100k.rssMB / at10k.rssMB;
  console.log(
    `targets: ratio ${mark(largest)}${f2(ratio)} ${ratio <= 1.5 ? '<=' : '>'} 1.5 ${ratio <= 1.5 && largest.done ? 'met' : 'NOT met'}; ` +
      `rss100k/rss10k ${f2(rssGrowth)} ${rssGrowth <= 1.2 ? '<=' : '>'} 1.2 ${rssGrowth <= 1.2 ? 'met' : 'NOT met'}` +
      (at100k.done ? '' : ` (the n=${at100k.n} crawl was stopped early)`),
  );
  const line =
    `n=${largest.n} discovery_s=${f2(largest.discoveryS)} raw_s=${f2(largest.rawS)} ratio=${f2(ratio)} ` +
    `rss10k=${f1(at10k.rssMB)} rss100k=${f1(at100k.rssMB)} rate=${f1((largest.done ? largest.n : largest.created) / largest.discoveryS)}`;
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
