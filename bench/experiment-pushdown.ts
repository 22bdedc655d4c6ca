// An experiment, not the product: `npm run bench -- --experiment pushdown` patches three store reads in
// the benchmark's worker process (only there) so that every one of them filters on `_id` alone, the
// only filter FerretDB v1 (SQLite) pushes down to SQL; any other filter reads and decodes the whole
// collection in Go. It measures what changing these reads in store/ would gain:
//
//   StagingRepo.items       {run_id, scope, kind, seq: {$gte, $lte}} + sort  →  findOne({_id}) per seq
//   ChangeRepo.forBatch     {run_id, batch}  →  one findOne({_id}) of a per-batch list of the change
//                           records, written by ChangeRepo.record (kept here in `bench_change_batches`)
//   InventoryRepo.findByUniqueIds  {_id: {$in: ids}}  →  findOne({_id}) per id, 32 at a time
import { BSON } from 'mongodb';
import { ChangeRepo, type ChangeDoc } from '../store/changes.js';
import { InventoryRepo, inventoryId, type InventoryDoc } from '../store/inventory.js';
import { StagingRepo, stagingId, type StagingKind } from '../store/staging.js';
import type { Entity } from '../core/model.js';

const LOOKUP_CONCURRENCY = 32;

interface BatchList {
  _id: string;
  body: string;
}
const BATCH_LISTS = 'bench_change_batches';

async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return out;
}

export function applyPushdownExperiment(): void {
  StagingRepo.prototype.items = async function (
    this: StagingRepo,
    runId: string,
    scope: string,
    kind: StagingKind,
    fromSeq: number,
    toSeq: number,
  ): Promise<unknown[]> {
    const out: unknown[] = [];
    for (let seq = fromSeq; seq <= toSeq; seq++) {
      const doc = await this.col.findOne({ _id: stagingId(runId, scope, kind, seq) });
      if (!doc)
        throw new Error(`staging: ${kind} page ${seq} of ${scope} in run ${runId} not found (expired?)`);
      out.push(...(BSON.EJSON.parse(doc.body, { relaxed: true }) as unknown[]));
    }
    return out;
  };

  // eslint-disable-next-line @typescript-eslint/unbound-method -- called with .call(this) below
  const record = ChangeRepo.prototype.record;
  ChangeRepo.prototype.record = async function (this: ChangeRepo, changes: ChangeDoc[]): Promise<void> {
    await record.call(this, changes);
    const byBatch = new Map<string, ChangeDoc[]>();
    for (const c of changes) {
      const key = `${c.run_id}|${c.batch}`;
      byBatch.set(key, [...(byBatch.get(key) ?? []), c]);
    }
    const lists = this.col.db.collection<BatchList>(BATCH_LISTS);
    for (const [key, list] of byBatch) {
      await lists.replaceOne(
        { _id: key },
        { body: BSON.EJSON.stringify(list, { relaxed: true }) },
        { upsert: true },
      );
    }
  };
  ChangeRepo.prototype.forBatch = async function (
    this: ChangeRepo,
    runId: string,
    batch: string,
  ): Promise<ChangeDoc[]> {
    const doc = await this.col.db.collection<BatchList>(BATCH_LISTS).findOne({ _id: `${runId}|${batch}` });
    // No list: the batch has no change records at all (the audit writes its list whenever it has some).
    if (!doc) return [];
    return BSON.EJSON.parse(String(doc.body), { relaxed: true }) as ChangeDoc[];
  };

  InventoryRepo.prototype.findByUniqueIds = async function (
    this: InventoryRepo,
    entity: Entity,
    connectionId: string,
    ids: string[],
  ): Promise<InventoryDoc[]> {
    const col = this.col(entity);
    const found = await mapLimit(ids, LOOKUP_CONCURRENCY, (id) =>
      col.findOne({ _id: inventoryId(connectionId, id) }),
    );
    return found.filter((d): d is NonNullable<typeof d> => d !== null);
  };
}
