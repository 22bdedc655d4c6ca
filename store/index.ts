import { MongoClient, type Db } from 'mongodb';
import type { Config } from '../core/config.js';
import { ChangeRepo } from './changes.js';
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

export async function openStore(
  config: Pick<Config, 'mongoUri' | 'mongoDatabase' | 'stagingTtlSeconds'>,
): Promise<Store> {
  const client = new MongoClient(config.mongoUri, {
    ignoreUndefined: true,
    serverSelectionTimeoutMS: 10_000,
    appName: 'discovery',
  });
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

/** Creates every index; safe to run at each start. */
export async function ensureIndexes(store: Store, stagingTtlSeconds: number): Promise<void> {
  await store.inventory.ensureIndexes();
  await store.runs.ensureIndexes();
  await store.changes.ensureIndexes();
  await store.staging.ensureIndexes(stagingTtlSeconds);
}
