// Chaos scenario "store-load" (issue #18 item 7, the embedded default): 20 connections of one account
// (one tenant, so every crawl sees the same resources) triggered at once against the MongoDB-wire
// server, with one worker process, several times in a row on the same database. A probe reads by
// `_id` and pings every second: a read that does not answer within PROBE_TIMEOUT_MS while ping does
// is the deadlock the issue reports (FerretDB v1 answering ping while every query hung).
import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { MongoClient, ObjectId } from 'mongodb';
import { loadConfig } from '../../config/index.js';
import { COLLECTIONS } from '../../store/collections.js';
import { CrawlClient } from '../../temporal/crawl-client.js';
import { REPO_DIR, writeWorkflowBundle } from '../../worker/bundle.js';
import { seedSeparateInstances } from '../../test/harness/aws-seed.js';
import { seedMaestroAwsConnection } from '../../test/harness/connections.js';
import { killWorker, startWorkerProcess } from '../../test/harness/worker-process.js';
import type { ChaosPeers } from './worker-kill.js';

export interface StoreLoadOptions {
  peers: ChaosPeers;
  crawls: number;
  repeats: number;
  log?: (line: string) => void;
}

export interface StoreLoadRepeat {
  repeat: number;
  seconds: number;
  completed: number;
  /** Probe reads that did not answer in time while ping did. */
  stuckReads: number;
  probeP99Ms: number;
}

export interface StoreLoadReport {
  repeats: StoreLoadRepeat[];
  held: boolean;
  summary: string;
}

const REGION = 'ap-northeast-1';
const INSTANCES = 30;
const PROBE_TIMEOUT_MS = 10_000;
const REPEAT_BOUND_MS = 300_000;

export async function runStoreLoad(opts: StoreLoadOptions): Promise<StoreLoadReport> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const { peers } = opts;
  const stamp = Date.now().toString(36);
  const name = `chaos-load-${stamp}`;
  // Deadlines on both clients: the database under test may wedge.
  const mongo = await new MongoClient(peers.mongoUri, { socketTimeoutMS: 30_000 }).connect();
  const probe = await new MongoClient(peers.mongoUri, {
    socketTimeoutMS: PROBE_TIMEOUT_MS,
    serverSelectionTimeoutMS: PROBE_TIMEOUT_MS,
  }).connect();
  const db = mongo.db(name);
  const config = loadConfig({
    MONGODB_URI: peers.mongoUri,
    MAESTRO_MONGO_DATABASE: name,
    TEMPORAL_ADDRESS: peers.temporalAddress,
    TEMPORAL_NAMESPACE: peers.temporalNamespace,
    TEMPORAL_TASK_QUEUE: name,
  });
  const client = await CrawlClient.connect(config);
  const bundle = join(REPO_DIR, '.tmp', `chaos-bundle-${stamp}.js`);
  mkdirSync(join(REPO_DIR, '.tmp'), { recursive: true });
  let worker: ChildProcess | undefined;
  try {
    await writeWorkflowBundle(bundle);
    await seedSeparateInstances(peers.motoEndpoint, REGION, INSTANCES);
    const owner = new ObjectId();
    const ids: string[] = [];
    for (let i = 0; i < opts.crawls; i++)
      ids.push(
        await seedMaestroAwsConnection(db, {
          regions: [REGION],
          secretJwt: config.secretJwt,
          ownerId: owner,
        }),
      );
    worker = await startWorkerProcess({
      MONGODB_URI: peers.mongoUri,
      MAESTRO_MONGO_DATABASE: name,
      TEMPORAL_ADDRESS: peers.temporalAddress,
      TEMPORAL_NAMESPACE: peers.temporalNamespace,
      TEMPORAL_TASK_QUEUE: name,
      AWS_ENDPOINT_URL: peers.motoEndpoint,
      MAESTRO_SCAN_QTD: '10',
      DISCOVERY_WORKFLOW_BUNDLE: bundle,
      DISCOVERY_WORKER_METRICS_PORT: '-1',
      LOG_LEVEL: 'warn',
    });
    const repeats: StoreLoadRepeat[] = [];
    for (let r = 1; r <= opts.repeats; r++) {
      const started = Date.now();
      const crawls = await Promise.all(
        ids.map((connectionId) => client.start({ connectionId, task: 'server-list' })),
      );
      const results = Promise.all(crawls.map((c) => client.result(c.workflowId)));
      let done = false;
      void results.then(
        () => (done = true),
        () => (done = true),
      );
      const latencies: number[] = [];
      let stuckReads = 0;
      const probeId = new ObjectId(ids[0]);
      while (!done && Date.now() - started < REPEAT_BOUND_MS) {
        const t = performance.now();
        try {
          await probe.db(name).collection(COLLECTIONS.connections).findOne({ _id: probeId });
          latencies.push(performance.now() - t);
        } catch {
          const pinged = await probe
            .db(name)
            .command({ ping: 1 })
            .then(() => true)
            .catch(() => false);
          if (pinged) stuckReads += 1;
          log(
            `chaos store-load: repeat ${r}: a read did not answer in ${PROBE_TIMEOUT_MS} ms (ping ${pinged ? 'answered' : 'did not answer'})`,
          );
        }
        await new Promise((res) => setTimeout(res, 1_000));
      }
      if (!done) {
        // Bound reached: end the crawls in Temporal (the store may not answer), so nothing waits on them.
        await Promise.all(
          crawls.map((c) =>
            client.client.workflow
              .getHandle(c.workflowId)
              .terminate('chaos store-load: bound reached')
              .catch(() => undefined),
          ),
        );
        await results.catch(() => undefined);
      }
      const finished = done ? await results : [];
      const completed = finished.filter((x) => x.status === 'completed').length;
      latencies.sort((a, b) => a - b);
      const p99 = latencies.length
        ? latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * 0.99))]!
        : NaN;
      const rep: StoreLoadRepeat = {
        repeat: r,
        seconds: (Date.now() - started) / 1000,
        completed,
        stuckReads,
        probeP99Ms: Math.round(p99),
      };
      repeats.push(rep);
      log(
        `chaos store-load: repeat ${r}/${opts.repeats}: ${completed}/${opts.crawls} crawls completed in ${rep.seconds.toFixed(1)} s` +
          `${done ? '' : ' (bound reached)'}, probe read p99 ${rep.probeP99Ms} ms, ${stuckReads} stuck reads`,
      );
      if (!done) break;
    }
    const held =
      repeats.length === opts.repeats &&
      repeats.every((r) => r.completed === opts.crawls && r.stuckReads === 0);
    const summary =
      `chaos: store-load ${opts.crawls} crawls x ${opts.repeats} on one database ` +
      `${repeats.filter((r) => r.completed === opts.crawls && r.stuckReads === 0).length}/${opts.repeats} held ` +
      `(${repeats.map((r) => `${r.seconds.toFixed(1)} s`).join(', ')})`;
    return { repeats, held, summary };
  } finally {
    if (worker) killWorker(worker);
    await client.close();
    await db.dropDatabase().catch(() => undefined);
    await mongo.close();
    await probe.close();
  }
}
