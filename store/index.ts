import { MongoClient, type Db, type MongoClientOptions } from 'mongodb';
import type { Config } from '../core/config.js';
import { ChangeRepo } from './changes.js';
import { COLLECTIONS } from './collections.js';
import { describeIndexProblem, ensureIndexSet, type IndexProblem } from './indexes.js';
import { detectIdLookup } from './by-id.js';
import { ConnectionRepo } from './connections.js';
import { InventoryRepo } from './inventory.js';
import { RunRepo } from './runs.js';
import { StagingRepo } from './staging.js';
import { TrackerRepo } from './tracker.js';

export interface Store {
  client: MongoClient;
  db: Db;
  connections: ConnectionRepo;
  inventory: InventoryRepo;
  runs: RunRepo;
  changes: ChangeRepo;
  staging: StagingRepo;
  tracker: TrackerRepo;
  close(): Promise<void>;
}

/**
 * The client's deadlines (`DISCOVERY_MONGODB_TIMEOUT_MS`): a command whose reply does not come within
 * the deadline fails (the driver closes that connection), and so does one that waits as long for a
 * pooled connection. A server that still answers `hello` and `ping` but no query (FerretDB v1 wedged,
 * a half-open connection) thus fails each step within the deadline, below the step's 5 min activity
 * timeout, and Temporal retries it; without them a call waited forever and held its activity slot.
 * (This driver ignores `timeoutMS`: the per-socket and per-checkout deadlines are what it honours.)
 */
export function mongoClientOptions(timeoutMs: number): MongoClientOptions {
  return {
    ignoreUndefined: true,
    appName: 'discovery',
    serverSelectionTimeoutMS: Math.min(10_000, timeoutMs),
    connectTimeoutMS: Math.min(10_000, timeoutMs),
    socketTimeoutMS: timeoutMs,
    waitQueueTimeoutMS: timeoutMs,
  };
}

export async function openStore(
  config: Pick<Config, 'mongoUri' | 'mongoDatabase' | 'stagingTtlSeconds' | 'mongoTimeoutMs'>,
): Promise<Store> {
  const client = new MongoClient(config.mongoUri, mongoClientOptions(config.mongoTimeoutMs));
  await client.connect();
  const db = client.db(config.mongoDatabase);
  const idLookup = await detectIdLookup(db);
  const store: Store = {
    client,
    db,
    connections: new ConnectionRepo(db),
    inventory: new InventoryRepo(db, idLookup),
    runs: new RunRepo(db),
    changes: new ChangeRepo(db, idLookup),
    staging: new StagingRepo(db),
    tracker: new TrackerRepo(db),
    close: () => client.close(),
  };
  return store;
}

/**
 * Creates every index; safe to run at each start, on a database other Maestro apps share. An index
 * that cannot be built (documents Discovery did not write in the way of a unique index) does not stop
 * the start-up: each is reported in one line (`report`, default stderr) with the collection and the
 * offending documents' `_id`s, and returned.
 */
export async function ensureIndexes(
  store: Store,
  stagingTtlSeconds: number,
  report: (line: string) => void = (line) => process.stderr.write(`discovery: ${line}\n`),
): Promise<IndexProblem[]> {
  const problems = await ensureIndexSet(store.db, store.inventory.indexWants());
  const own: Array<[string, () => Promise<void>]> = [
    [COLLECTIONS.runs, () => store.runs.ensureIndexes()],
    [COLLECTIONS.changes, () => store.changes.ensureIndexes()],
    [COLLECTIONS.staging, () => store.staging.ensureIndexes(stagingTtlSeconds)],
  ];
  for (const [collection, build] of own) {
    await build().catch((err: unknown) =>
      problems.push({
        collection,
        index: '*',
        code:
          typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : undefined,
        message: err instanceof Error ? err.message : String(err),
        offendingIds: [],
      }),
    );
  }
  for (const p of problems) report(describeIndexProblem(p));
  return problems;
}
