// The benchmark's baseline: the same work as a Discovery crawl of the synthetic provider, without
// Temporal, in a process of its own (forked by bench/run.ts). A plain loop: fetch a page with the
// provider's listPage → normalize with normalizeSyntheticServer → one unordered bulkWrite per batch into
// a fresh collection with the same indexes, writing the same documents as Discovery (identity `_id`,
// bookkeeping fields, checksum). `writes`: `upsert` (the baseline) — updateOne by `_id` with $set and
// $setOnInsert, upsert: true, what a plain sync loop does so that a re-run updates in place, as
// Discovery does; `insert` (for reference) — insertOne only, correct on an empty collection only.
// Message: run → done.
import { MongoClient, type AnyBulkWriteOperation, type Document } from 'mongodb';
import { recordChecksum } from '../core/changes.js';
import type { MappingContext, NormalizedRecord } from '../core/model.js';
import { regionCode } from '../core/regions.js';
import { syntheticProvider } from '../providers/synthetic/index.js';
import { inventoryId, InventoryRepo } from '../store/inventory.js';
import { childChannel, type FromChild, type RawRun, type ToRaw } from './child.js';
import { CommandMeter, ProcessMeter, withCommandMonitoring } from './meter.js';

const commands = new CommandMeter();
const meter = new ProcessMeter(commands);

async function run(msg: RawRun): Promise<FromChild> {
  const client = new MongoClient(withCommandMonitoring(msg.mongoUri), {
    ignoreUndefined: true,
    appName: 'bench-raw',
  });
  await client.connect();
  commands.attach(client);
  try {
    const db = client.db(msg.database);
    // The indexes Discovery's inventory collections have (its worker creates them at start).
    await new InventoryRepo(db).ensureIndexes();
    const col = db.collection('servers');
    const kind = (await syntheticProvider(msg.apiUrl).load({ settings: {}, httpTimeoutMs: 10_000 }))
      .resources['synthetic.listServers']!;
    const ctx: MappingContext = {
      connectionId: msg.connectionId,
      dc: 'Bench',
      dcId: undefined,
      provider: 'Synthetic',
      region: msg.region,
    };
    const scope = `synthetic.listServers@${regionCode(msg.region)}`;
    const runId = `raw-${Date.now()}`;
    const signal = new AbortController().signal;
    meter.reset();
    const t0 = performance.now();

    let token: string | undefined;
    let pages = 0;
    let written = 0;
    let batch: NormalizedRecord[] = [];
    const flush = async (): Promise<void> => {
      if (batch.length === 0) return;
      const at = new Date();
      const ops: AnyBulkWriteOperation<Document>[] = batch.map((record) => {
        const _id = inventoryId(msg.connectionId, record.unique_id);
        const set = {
          ...record,
          connection_id: msg.connectionId,
          tenant_id: 'bench',
          accountant: [msg.connectionId],
          crawl_scope: scope,
          checksum: recordChecksum(record),
          last_seen: at,
          last_seen_run: runId,
          updated_at: at,
        };
        const onInsert = {
          owner: { refs: 'connections', name: 'Bench' },
          roles: [],
          first_seen: at,
          // In $set already when the provider gives it.
          ...(record.created_at === undefined ? { created_at: at } : {}),
        };
        return msg.writes === 'upsert'
          ? { updateOne: { filter: { _id }, update: { $set: set, $setOnInsert: onInsert }, upsert: true } }
          : { insertOne: { document: { _id, ...set, ...onInsert } } };
      });
      const res = await col.bulkWrite(ops, { ordered: false });
      written += res.insertedCount + res.upsertedCount + res.matchedCount;
      batch = [];
    };
    do {
      const page = await kind.listPage({
        connection: {
          id: msg.connectionId,
          provider: 'Synthetic',
          service: 'synthetic',
          regions: [msg.region],
          options: {},
          credentials: { token: 'x' },
        },
        region: msg.region,
        pageSize: msg.pageSize,
        token,
        signal,
      });
      pages += 1;
      for (const item of page.items) batch.push(...kind.normalize(item, ctx));
      if (batch.length >= msg.batchSize) await flush();
      token = page.nextToken;
    } while (token);
    await flush();

    const seconds = (performance.now() - t0) / 1000;
    return { type: 'done', seconds, pages, written, stats: meter.snapshot() };
  } finally {
    await client.close();
  }
}

childChannel<ToRaw>(async (msg) => {
  if (msg.type === 'stop') {
    meter.stop();
    process.exit(0);
  }
  return run(msg);
});
