// `npm run demo` (scripts/demo.sh runs this after installing what is missing): a real crawl end to end
// on this machine, with no cloud account. Starts the peers (Temporal dev server, a MongoDB-wire server,
// moto), seeds a small AWS account in two regions, starts an in-process worker, crawls the account
// (server-list and volumes-list) through CrawlClient with live progress, changes the account, crawls
// again, and prints what happened and where to look.
//
//   node --import tsx scripts/demo.ts [--keep]     --keep: keep everything up until Ctrl-C
import { CreateTagsCommand } from '@aws-sdk/client-ec2';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { loadConfig, type Config } from '../config/index.js';
import type { Counts } from '../core/model.js';
import { regionCode } from '../core/regions.js';
import { COLLECTIONS } from '../store/collections.js';
import type { RunDoc } from '../store/runs.js';
import { CrawlClient } from '../temporal/crawl-client.js';
import { bundleWorkflows, createWorker, type WorkerHandle } from '../worker/create-worker.js';
import type { CrawlResult } from '../workflows/crawl-connection.js';
import type { CrawlProgress } from '../workflows/definitions.js';
import {
  deleteVolumes,
  ec2,
  seedRegion,
  terminateInstances,
  type SeededRegion,
} from '../test/harness/aws-seed.js';
import { seedMaestroAwsConnection } from '../test/harness/connections.js';
import { describeExit, startPeers, type PeerExit, type Peers } from '../test/harness/peers.js';

const KEEP = process.argv.slice(2).includes('--keep');
const TASKS = ['server-list', 'volumes-list'] as const;
/** The sample account: region label (as Maestro stores it) → instances and extra volumes. */
const ACCOUNT = [
  { label: 'us-east-1 (N. Virginia)', instances: 24, volumes: 12 },
  { label: 'eu-west-1 (Ireland)', instances: 12, volumes: 6 },
] as const;
/** Small pages and batches, so that even this small account shows pagination and several batches. */
const PAGE_SIZE = '5';
const BATCH_SIZE = '10';
const INSTANCES_PER_RESERVATION = 2;
const POLL_MS = 500;

// The SDK warns on every client that its 2027 releases will need Node 22; the SDK must not look for
// instance credentials off this machine either.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.env.AWS_EC2_METADATA_DISABLED ??= 'true';

const started = Date.now();
const out = (line = ''): void => void process.stdout.write(`${line}\n`);
const step = (title: string): void => out(`\n▶ ${title}`);
const secs = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const since = (t: number): string => secs(Date.now() - t);

/** Things to stop, last started first. */
const cleanups: Array<() => Promise<void>> = [];
let cleaning: Promise<void> | undefined;
function cleanup(): Promise<void> {
  return (cleaning ??= (async () => {
    for (const fn of cleanups.reverse())
      await fn().catch((err: unknown) => out(`  (while stopping: ${String(err)})`));
  })());
}

let interrupted: (() => void) | undefined;
function onSignal(signal: NodeJS.Signals): void {
  if (interrupted) return interrupted(); // --keep: Ctrl-C is the way out
  process.stderr.write(`\n${signal}: stopping the worker and the peers\n`);
  void cleanup().finally(() => process.exit(130));
}
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

function peerDied(exit: PeerExit): void {
  const tail = exit.tail.slice(-10).map((l) => `    ${l}`);
  process.stderr.write(
    [`\n!!! peer ${exit.peer} exited unexpectedly (${describeExit(exit.info)})`, ...tail, ''].join('\n'),
  );
  void cleanup().finally(() => process.exit(1));
}

/** The worker's configuration: every variable at its default, except the peers, page and batch sizes. */
function demoConfig(peers: Peers): Config {
  return loadConfig({
    MONGODB_URI: peers.mongoUri,
    TEMPORAL_ADDRESS: peers.temporalAddress,
    TEMPORAL_NAMESPACE: peers.temporalNamespace,
    AWS_ENDPOINT_URL: peers.motoEndpoint,
    MAESTRO_SCAN_QTD: PAGE_SIZE,
    MAESTRO_TRANSLATE_QTD: BATCH_SIZE,
    DISCOVERY_DEMO: 'true',
    DISCOVERY_SHUTDOWN_GRACE_SECONDS: '5',
    LOG_LEVEL: 'warn',
    // Where the demo writes, when you say so (default: maestro-client, task queue discovery).
    ...pick(process.env, ['MAESTRO_MONGO_DATABASE', 'TEMPORAL_TASK_QUEUE']),
  });
}

/**
 * seedRegion a few instances at a time: moto pages DescribeInstances by reservation (one per
 * RunInstances call), so several small reservations show real pagination. Then one Name per instance.
 */
async function seedAccountRegion(
  endpoint: string,
  region: string,
  instances: number,
  volumes: number,
): Promise<SeededRegion> {
  const seeded: SeededRegion = { region, instanceIds: [], volumeIds: [] };
  for (let left = instances; left > 0; left -= INSTANCES_PER_RESERVATION) {
    const part = await seedRegion(endpoint, region, Math.min(left, INSTANCES_PER_RESERVATION), 0);
    seeded.instanceIds.push(...part.instanceIds);
  }
  seeded.volumeIds = (await seedRegion(endpoint, region, 0, volumes)).volumeIds;
  const client = ec2(endpoint, region);
  try {
    for (const [i, id] of seeded.instanceIds.entries()) {
      await client.send(
        new CreateTagsCommand({ Resources: [id], Tags: [{ Key: 'Name', Value: `${region}-web-${i + 1}` }] }),
      );
    }
  } finally {
    client.destroy();
  }
  return seeded;
}

function pick(env: NodeJS.ProcessEnv, names: string[]): Record<string, string> {
  return Object.fromEntries(names.flatMap((n) => (env[n] ? [[n, env[n]]] : [])));
}

interface Round {
  round: number;
  task: string;
  workflowId: string;
  result?: CrawlResult;
  error?: string;
  ms: number;
}

/** Starts both tasks, prints a line whenever a crawl's progress changes, waits for both. */
async function crawlRound(client: CrawlClient, connectionId: string, round: number): Promise<Round[]> {
  const t0 = Date.now();
  return Promise.all(
    TASKS.map(async (task): Promise<Round> => {
      const { workflowId, handle } = await client.start({ connectionId, task });
      const { runId } = await handle.describe();
      let last = '';
      const show = (p: CrawlProgress): void => {
        const line = progressLine(p);
        if (line !== last) out(`  ${`+${secs(Date.now() - t0)}`.padStart(7)}  ${task.padEnd(12)} ${line}`);
        last = line;
      };
      let done = false;
      const watch = (async () => {
        while (!done) {
          await sleep(POLL_MS);
          if (done) break;
          try {
            show(await client.progress(workflowId, runId));
          } catch {
            // Not yet queryable (the worker has not picked it up) or just closed: the next poll tells.
          }
        }
      })();
      try {
        const result = await client.result(workflowId, runId);
        done = true;
        await watch;
        show({ ...result, connectionId, task, totals: result.totals });
        return { round, task, workflowId, result, ms: Date.now() - t0 };
      } catch (err) {
        done = true;
        await watch;
        out(`  ${task.padEnd(12)} FAILED: ${err instanceof Error ? err.message : String(err)}`);
        return { round, task, workflowId, error: String(err), ms: Date.now() - t0 };
      }
    }),
  );
}

function progressLine(p: CrawlProgress): string {
  const t = p.totals;
  const done = p.scopes.filter((s) => !['pending', 'running'].includes(s.status)).length;
  return [
    p.status.padEnd(9),
    `scopes ${done}/${p.scopes.length}`,
    `pages ${t.pages}`,
    `items ${t.items}`,
    `created ${t.created}`,
    `updated ${t.updated}`,
    `unchanged ${t.unchanged}`,
    `deactivated ${t.deactivated}`,
  ].join('  ');
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

const COLUMNS = [
  'created',
  'updated',
  'unchanged',
  'deactivated',
] as const satisfies readonly (keyof Counts)[];

/** The summary table: one row per round, task and scope, from the run ledger (discovery_runs). */
async function summary(worker: WorkerHandle, rounds: Round[]): Promise<string[]> {
  const header = ['crawl', 'task', 'region', 'status', 'pages', ...COLUMNS, 'time'];
  const rows: string[][] = [];
  for (const r of rounds) {
    if (!r.result) {
      rows.push([String(r.round), r.task, '-', 'FAILED', '', '', '', '', '', secs(r.ms)]);
      continue;
    }
    const run = await worker.store.db.collection<RunDoc>(COLLECTIONS.runs).findOne({ _id: r.result.runId });
    for (const s of r.result.scopes) {
      const ledger = run?.scopes.find((l) => l.key === s.key);
      const ms =
        ledger?.started_at && ledger.finished_at
          ? ledger.finished_at.getTime() - ledger.started_at.getTime()
          : undefined;
      const sweep = s.sweep?.status === 'guarded' ? ' (guarded)' : '';
      rows.push([
        String(r.round),
        r.task,
        regionCode(s.region),
        s.status + sweep,
        String(s.pages),
        ...COLUMNS.map((c) => String(s[c])),
        ms === undefined ? '' : secs(ms),
      ]);
    }
    const total =
      run?.started_at && run.finished_at ? run.finished_at.getTime() - run.started_at.getTime() : r.ms;
    rows.push([
      '',
      '',
      'all',
      `${r.result.status}`,
      String(r.result.totals.pages),
      ...COLUMNS.map((c) => String(r.result!.totals[c])),
      secs(total),
    ]);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const numeric = (i: number): boolean => i >= 4;
  const fmt = (row: string[]): string =>
    row
      .map((cell, i) => (numeric(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [fmt(header), fmt(widths.map((w) => '─'.repeat(w))), ...rows.map(fmt)];
}

async function main(): Promise<number> {
  out(
    `Discovery demo: a real crawl of a sample AWS account (moto), no cloud account needed.${KEEP ? ' (--keep)' : ''}`,
  );
  // The SDK's own log at WARN: the core's info lines would drown the demo's output.
  Runtime.install({ logger: new DefaultLogger('WARN'), shutdownSignals: [] });

  step('Starting the peers: Temporal dev server, MongoDB-wire server, moto');
  let t = Date.now();
  const peers = await startPeers({
    handleSignals: false,
    onPeerExit: peerDied,
    log: (line) => out(`  ${line}`),
  });
  cleanups.push(() => peers.stop());
  out(`  up in ${since(t)}`);
  const config = demoConfig(peers);

  step(`Seeding moto and MongoDB (database "${config.mongoDatabase}"), bundling the workflow code`);
  t = Date.now();
  const [bundle, seeded] = await Promise.all([
    bundleWorkflows(),
    Promise.all(
      ACCOUNT.map((a) => seedAccountRegion(peers.motoEndpoint, regionCode(a.label), a.instances, a.volumes)),
    ),
  ]);
  for (const s of seeded) {
    out(
      `  moto ${s.region.padEnd(10)} ${s.instanceIds.length} instances (each with a root volume) + ${s.volumeIds.length} volumes`,
    );
  }
  const worker = await createWorker({
    config,
    bundle,
    log: (level, msg, fields) => {
      if (level === 'warn' || level === 'error') console[level](`[${level}] ${msg}`, fields ?? '');
    },
  });
  const running = worker.run();
  running.catch((err: unknown) => {
    process.stderr.write(`\nthe worker stopped: ${err instanceof Error ? err.message : String(err)}\n`);
    void cleanup().finally(() => process.exit(1));
  });
  cleanups.push(async () => {
    worker.shutdown();
    await running;
  });
  const connectionId = await seedMaestroAwsConnection(worker.store.db, {
    regions: ACCOUNT.map((a) => a.label),
    secretJwt: config.secretJwt,
  });
  out(
    `  connection ${connectionId} (Maestro format: credentials in a JWT) with regions ${ACCOUNT.map((a) => `"${a.label}"`).join(', ')}`,
  );
  out(`  worker polling task queue "${config.taskQueue}"; ready in ${since(t)}`);
  // Closed only on the normal path: closing it under a pending call (Ctrl-C mid-crawl) throws from a timer.
  const client = await CrawlClient.connect(config);

  step(
    `Crawl 1: ${TASKS.join(' + ')} (small on purpose: page size ${PAGE_SIZE}, batch ${BATCH_SIZE} records)`,
  );
  const rounds = await crawlRound(client, connectionId, 1);

  step(
    'Changing the account: 3 instances terminated (us-east-1), 1 renamed and 2 volumes deleted (eu-west-1)',
  );
  const [east, west] = seeded as [SeededRegion, SeededRegion];
  await terminateInstances(peers.motoEndpoint, east.region, east.instanceIds.slice(0, 3));
  const west1 = ec2(peers.motoEndpoint, west.region);
  await west1.send(
    new CreateTagsCommand({
      Resources: west.instanceIds.slice(0, 1),
      Tags: [{ Key: 'Name', Value: 'renamed-web' }],
    }),
  );
  west1.destroy();
  await deleteVolumes(peers.motoEndpoint, west.region, west.volumeIds.slice(0, 2));

  step('Crawl 2: the same tasks again');
  rounds.push(...(await crawlRound(client, connectionId, 2)));

  step('Summary (from the run ledger, discovery_runs)');
  for (const line of await summary(worker, rounds)) out(`  ${line}`);

  const db = worker.store.db;
  const history = await Promise.all(
    (['created', 'updated', 'deactivated', 'reactivated'] as const).map(
      async (kind) =>
        `${kind} ${await db.collection(COLLECTIONS.changes).countDocuments({ connection_id: connectionId, kind })}`,
    ),
  );
  out(`\n  change history (discovery_changes): ${history.join(', ')}`);
  const stored = await Promise.all(
    (['servers', 'volumes'] as const).map(async (e) => {
      const all = await db.collection(e).countDocuments({ connection_id: connectionId });
      const active = await db.collection(e).countDocuments({ connection_id: connectionId, active: true });
      return `${e} ${all} (${active} active)`;
    }),
  );
  out(`  inventory: ${stored.join(', ')}`);

  const renamed = west.instanceIds[0];
  const sample = await db.collection('servers').findOne(
    { connection_id: connectionId, unique_id: renamed },
    {
      projection: {
        unique_id: 1,
        name: 1,
        role: 1,
        environment: 1,
        status: 1,
        active: 1,
        ipv4_private: 1,
        'datacenters.region': 1,
        'datacenters.zone': 1,
        'datacenters.instance': 1,
        first_seen: 1,
        last_seen_run: 1,
      },
    },
  );
  if (sample) {
    out(`\n  a stored server (servers collection; _id derived from connection + unique_id):`);
    for (const [k, v] of Object.entries(sample)) {
      const shown =
        v instanceof Date
          ? v.toISOString()
          : typeof v === 'object' && v !== null && !('toHexString' in v)
            ? JSON.stringify(v)
            : String(v);
      out(`    ${k.padEnd(14)} ${shown}`);
    }
  }

  step('Where to look');
  const ns = encodeURIComponent(config.temporalNamespace);
  const ui = peers.temporalUiUrl;
  out(
    ui
      ? `  Temporal Web UI  ${ui}/namespaces/${ns}/workflows${KEEP ? '' : '   (stops with the demo: npm run demo -- --keep keeps it up)'}`
      : `  Temporal at ${peers.temporalAddress} (TEMPORAL_ADDRESS): open its own Web UI, namespace ${config.temporalNamespace}`,
  );
  out('  crawl  task          workflow id (one per connection and task)       run id');
  for (const r of rounds) {
    out(
      `  ${String(r.round).padEnd(5)}  ${r.task.padEnd(12)}  ${r.workflowId.padEnd(46)}  ${r.result?.runId ?? 'failed'}`,
    );
  }
  out('  each scope runs as a child workflow <workflow id>:<command>@<region>:<run id prefix>');
  const last = rounds.at(-2);
  if (ui && last?.result) {
    out(
      `  e.g. ${ui}/namespaces/${ns}/workflows/${encodeURIComponent(last.workflowId)}/${last.result.runId}/history`,
    );
  }

  const ok = rounds.every((r) => r.result && r.result.status === 'completed');
  out(`\n${ok ? 'Demo finished' : 'Demo finished WITH FAILURES'} in ${since(started)}.`);

  if (KEEP) {
    out('\nEverything keeps running (--keep). To look from another shell:');
    out(`  .peers/venv/bin/temporal workflow list --address ${peers.temporalAddress}`);
    out(
      `  .peers/venv/bin/temporal workflow show -w ${rounds[0]?.workflowId ?? ''} --address ${peers.temporalAddress}`,
    );
    out(`  MongoDB: ${peers.mongoUri} (database "${config.mongoDatabase}")`);
    out('Ctrl-C stops the worker and the peers.');
    await new Promise<void>((resolve) => (interrupted = resolve));
    out('\nstopping the worker and the peers');
  }
  await client.close();
  await cleanup();
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  async (err: unknown) => {
    process.stderr.write(
      `\ndemo failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    await cleanup();
    process.exit(1);
  },
);
