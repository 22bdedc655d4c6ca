// An experiment, not the product: `npm run bench -- --experiment pushdown` patches two store reads in
// the benchmark's worker process (only there) so that each filters on `_id` alone, the only filter
// FerretDB v1 (SQLite handler) sends to SQL; any other filter makes it read and decode the whole
// collection in Go (~0.2–0.9 ms per document here), once per batch, so a crawl costs O(N²):
//
//   StagingRepo.items       {run_id, scope, kind, seq: {$gte, $lte}} + sort  →  findOne({_id}) per seq
//   InventoryRepo.findByUniqueIds  {_id: {$in: ids}}  →  findOne({_id}) per id, 32 at a time
//
// Caveat, measured: FerretDB 1.24.2's SQLite handler does not use its own `_id` index either. It
// filters with `_ferretdb_sjson->'$._id' = ?` while the index is on `_ferretdb_sjson->"_id"`, and
// SQLite only uses an expression index for the same expression (EXPLAIN QUERY PLAN: SCAN vs SEARCH).
// So on the stock peer a findOne by `_id` is a full table scan too (in C, ~20 µs per document), and
// this experiment makes the audit slower there. Against a FerretDB built with
// `IDColumn = DefaultColumn + \`->"_id"\`` (internal/backends/sqlite/metadata/metadata.go), given
// to the bench as MONGODB_URI, a crawl is linear: see the report of the benchmark issue.
import { BSON } from 'mongodb';
import { InventoryRepo, inventoryId, type InventoryDoc } from '../store/inventory.js';
import { StagingRepo, stagingId, type StagingKind } from '../store/staging.js';
import type { Entity } from '../core/model.js';

const LOOKUP_CONCURRENCY = 32;

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
