import type { AnyBulkWriteOperation, Collection, Db, Document, Filter, UpdateFilter, WithId } from 'mongodb';

/**
 * How the server answers a filter on many `_id`s. `in`: `{_id: {$in: ids}}` is an index lookup (mongod,
 * and most MongoDB-compatible servers). `each`: only a single `_id` equality reaches the index; FerretDB
 * v1 answers `$in` (and any other filter) by reading and decoding the whole collection, so a lookup of a
 * batch costs O(collection) and a crawl O(N²) — there, one `findOne({_id})` per id is O(1) each.
 */
export type IdLookup = 'in' | 'each';

/** Per-id lookups in flight at once (`each`). */
const EACH_CONCURRENCY = 32;

/** `each` on FerretDB (its buildInfo carries `ferretdbVersion`), `in` elsewhere. */
export async function detectIdLookup(db: Db): Promise<IdLookup> {
  const info = await db.admin().command({ buildInfo: 1 });
  return typeof info.ferretdbVersion === 'string' ? 'each' : 'in';
}

/** The documents with these `_id`s (those that exist; order not kept). */
export async function findByIds<T extends Document, K>(
  col: Collection<T>,
  ids: K[],
  how: IdLookup,
): Promise<WithId<T>[]> {
  if (ids.length === 0) return [];
  if (how === 'in') return col.find({ _id: { $in: ids } } as Filter<T>).toArray();
  const found: WithId<T>[] = [];
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < ids.length) {
      const doc = await col.findOne({ _id: ids[next++] } as Filter<T>);
      if (doc) found.push(doc);
    }
  };
  await Promise.all(Array.from({ length: Math.min(EACH_CONCURRENCY, ids.length) }, lane));
  return found;
}

/** Update statements per bulkWrite (`each`): FerretDB v1 stalls on update commands with many statements. */
const UPDATE_CHUNK = 25;

/**
 * Applies one update to the documents with these `_id`s (and `also`, checked on each), as
 * `updateMany({_id: {$in}})` (`in`) or one `updateOne` by `_id` per document (`each`, see IdLookup).
 * Returns the number of documents matched.
 */
export async function updateByIds<T extends Document, K>(
  col: Collection<T>,
  ids: K[],
  update: UpdateFilter<T>,
  how: IdLookup,
  also: Filter<T> = {},
): Promise<number> {
  if (ids.length === 0) return 0;
  if (how === 'in') return (await col.updateMany({ ...also, _id: { $in: ids } }, update)).matchedCount;
  return bulkUpdateByIds(
    col,
    ids.map((id) => ({ updateOne: { filter: { ...also, _id: id }, update } })),
  );
}

/** Runs `updateOne` statements (each filtering on `_id`) in bounded bulkWrites; returns the number matched. */
export async function bulkUpdateByIds<T extends Document>(
  col: Collection<T>,
  ops: AnyBulkWriteOperation<T>[],
): Promise<number> {
  let matched = 0;
  for (let i = 0; i < ops.length; i += UPDATE_CHUNK) {
    matched += (await col.bulkWrite(ops.slice(i, i + UPDATE_CHUNK), { ordered: false })).matchedCount;
  }
  return matched;
}
