import type { Collection, Db, Document, Filter, WithId } from 'mongodb';

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
