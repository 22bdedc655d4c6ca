// Rate budgets per provider account (issue #16 item 8): two workers and three connections of one
// account (the synthetic provider's token) stay within the account's budget — calls per second and
// calls in flight — as measured at the provider peer itself, and every crawl completes. The same
// crawls without a budget exceed it (the control).
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { ObjectId } from 'mongodb';
import { syntheticServer } from '../../bench/synthetic-server.js';
import { syntheticProvider } from '../../providers/synthetic/index.js';
import { createProviderRegistry } from '../../config/index.js';
import { COLLECTIONS } from '../../store/collections.js';
import { createWorker, type WorkerHandle } from '../../worker/create-worker.js';
import { seedSyntheticConnection } from '../harness/connections.js';
import { startCrawlEnv, testConfig, type CrawlEnv } from '../harness/crawl-env.js';

const ITEMS_PER_REGION = 30;
const REGIONS = ['synthetic-1', 'synthetic-2', 'synthetic-3'];
const RPS = 8;
const CONCURRENCY = 2;

/** The provider peer: pages of generated servers, 40 ms each; records every call's arrival. */
interface Peer {
  url: string;
  arrivals: number[];
  inFlight: number;
  maxInFlight: number;
  reset(): void;
  close(): Promise<void>;
}

async function startPeer(): Promise<Peer> {
  const peer: Peer = {
    url: '',
    arrivals: [],
    inFlight: 0,
    maxInFlight: 0,
    reset() {
      peer.arrivals = [];
      peer.maxInFlight = 0;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server: Server = createServer((req, res) => {
    peer.arrivals.push(Date.now());
    peer.inFlight += 1;
    peer.maxInFlight = Math.max(peer.maxInFlight, peer.inFlight);
    const u = new URL(req.url ?? '/', 'http://x');
    const region = u.searchParams.get('region') ?? 'synthetic-1';
    const limit = Number(u.searchParams.get('limit') ?? 5);
    const start = Number(u.searchParams.get('token') || 0);
    const end = Math.min(ITEMS_PER_REGION, start + limit);
    const items: unknown[] = [];
    for (let i = start; i < end; i++) items.push(syntheticServer(region, i));
    setTimeout(() => {
      peer.inFlight -= 1;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(end < ITEMS_PER_REGION ? { items, next: String(end) } : { items }));
    }, 40);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  peer.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return peer;
}

/** The most calls that arrived within one second (epoch-second buckets, as the budget counts). */
function peakPerSecond(arrivals: number[]): number {
  const buckets = new Map<number, number>();
  for (const t of arrivals) buckets.set(Math.floor(t / 1000), (buckets.get(Math.floor(t / 1000)) ?? 0) + 1);
  return Math.max(0, ...buckets.values());
}

void describe('per-account rate budget shared by the workers', () => {
  let peer: Peer;
  let env: CrawlEnv;
  let second: WorkerHandle;
  let secondRun: Promise<void>;
  /** Three connections of the account with its budget, and three without (the control). */
  let budgeted: string[];
  let unbudgeted: string[];

  before(async () => {
    peer = await startPeer();
    // The environment's default is generous: the connections' own budget must win over it.
    const config = testConfig('budget', { MAESTRO_SCAN_QTD: '5', DISCOVERY_BUDGET_RPS: '1000' });
    const provider = syntheticProvider(peer.url);
    env = await startCrawlEnv(config, [provider]);
    second = await createWorker({
      config,
      bundle: undefined,
      providers: createProviderRegistry(config, [provider]),
      log: () => undefined,
    });
    secondRun = second.run();
    const seed = () => seedSyntheticConnection(env.db, { regions: REGIONS, secretJwt: config.secretJwt });
    budgeted = [await seed(), await seed(), await seed()];
    unbudgeted = [await seed(), await seed(), await seed()];
    // Set before any crawl reads the connections (workers cache them for 30 s).
    await env.db
      .collection(COLLECTIONS.connections)
      .updateMany(
        { _id: { $in: budgeted.map((id) => new ObjectId(id)) } },
        { $set: { budget: { requests_per_second: RPS, concurrency: CONCURRENCY } } },
      );
  });
  after(async () => {
    second?.shutdown();
    await secondRun;
    await env?.stop();
    await peer?.close();
  });

  async function crawlAll(ids: string[]): Promise<void> {
    const results = await Promise.all(ids.map((id) => env.crawl(id, 'server-list')));
    for (const r of results) {
      assert.equal(r.status, 'completed');
      assert.equal(r.totals.items, ITEMS_PER_REGION * REGIONS.length);
    }
  }

  void test('control: without a budget the three crawls exceed it', async () => {
    peer.reset();
    await crawlAll(unbudgeted);
    assert.equal(peer.arrivals.length, 3 * REGIONS.length * (ITEMS_PER_REGION / 5));
    assert.ok(peakPerSecond(peer.arrivals) > RPS, `peak ${peakPerSecond(peer.arrivals)}/s`);
    assert.ok(peer.maxInFlight > CONCURRENCY, `max in flight ${peer.maxInFlight}`);
  });

  void test(`with the account's budget (${RPS}/s, ${CONCURRENCY} in flight) every crawl completes within it`, async (t) => {
    peer.reset();
    const started = Date.now();
    await crawlAll(budgeted);
    const seconds = (Date.now() - started) / 1000;
    const calls = peer.arrivals.length;
    t.diagnostic(
      `${calls} calls in ${seconds.toFixed(1)} s, peak ${peakPerSecond(peer.arrivals)}/s, max in flight ${peer.maxInFlight}`,
    );
    assert.equal(calls, 3 * REGIONS.length * (ITEMS_PER_REGION / 5));
    assert.ok(peakPerSecond(peer.arrivals) <= RPS, `peak ${peakPerSecond(peer.arrivals)}/s > ${RPS}`);
    assert.ok(peer.maxInFlight <= CONCURRENCY, `max in flight ${peer.maxInFlight} > ${CONCURRENCY}`);
    assert.ok(seconds >= calls / RPS - 1, 'the budget paced the calls');
    const text = await env.worker.metrics.registry.metrics();
    assert.match(text, /discovery_budget_wait_seconds_total\{provider="synthetic"\} [1-9]/);
  });
});
