import { MongoServerError, type CreateIndexesOptions, type Db, type Document } from 'mongodb';

/**
 * One index Discovery wants. `fallback`: the options to use on a server that refuses `options`
 * (FerretDB v1 refuses `partialFilterExpression`, code 238), or undefined when there is none.
 * `foreign`: the index belongs to another Maestro app (server-app's migrations); an index on the same
 * keys, under any name or options, already serves, and Discovery never drops or replaces it.
 */
export interface IndexWant {
  collection: string;
  key: Record<string, 1 | -1>;
  options: CreateIndexesOptions & { name: string };
  fallback?: CreateIndexesOptions & { name: string };
  foreign?: boolean;
}

/** An index that could not be built: which, why, and (for a unique index) the documents in the way. */
export interface IndexProblem {
  collection: string;
  index: string;
  code: number | undefined;
  message: string;
  /** `_id`s of documents sharing a key of the unique index (at most MAX_OFFENDERS). */
  offendingIds: string[];
}

/** Offending documents named in a report: enough to find and fix them, bounded. */
const MAX_OFFENDERS = 20;
const NOT_IMPLEMENTED = 238;
const OPTIONS_CONFLICT = 85;
const KEY_SPECS_CONFLICT = 86;
const INDEX_EXISTS_DIFFERENT_NAME = 68;

function sameKey(a: Document, b: Document): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Builds each wanted index and never throws for one that cannot be built: a database Discovery shares
 * with Maestro's apps holds documents it did not write, and a crash loop on start-up helps nobody. A
 * problem is returned (and the start-up reports it) with the collection and the `_id`s of the
 * documents that prevent a unique index.
 */
export async function ensureIndexSet(db: Db, wants: IndexWant[]): Promise<IndexProblem[]> {
  const problems: IndexProblem[] = [];
  for (const want of wants) {
    const problem = await ensureOne(db, want);
    if (problem) problems.push(problem);
  }
  return problems;
}

async function ensureOne(db: Db, want: IndexWant): Promise<IndexProblem | undefined> {
  const col = db.collection(want.collection);
  if (want.foreign) {
    const existing = await col.indexes().catch(() => [] as Document[]);
    if (existing.some((ix) => sameKey(ix.key as Document, want.key))) return undefined;
  }
  let options = want.options;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await col.createIndex(want.key, options);
      return undefined;
    } catch (err) {
      const code = err instanceof MongoServerError ? Number(err.code) : undefined;
      if (code === NOT_IMPLEMENTED && want.fallback && options !== want.fallback) {
        options = want.fallback;
        continue;
      }
      if (!want.foreign && (code === OPTIONS_CONFLICT || code === KEY_SPECS_CONFLICT) && attempt === 0) {
        // Discovery's own index from an earlier version, with other options: replace it.
        await col.dropIndex(options.name).catch(() => undefined);
        continue;
      }
      if (want.foreign && (code === INDEX_EXISTS_DIFFERENT_NAME || code === OPTIONS_CONFLICT))
        return undefined;
      return {
        collection: want.collection,
        index: options.name,
        code,
        message: err instanceof Error ? err.message : String(err),
        // MongoDB says 11000; FerretDB code 1 ("UNIQUE constraint failed"): look whenever it is unique.
        offendingIds: options.unique ? await duplicates(db, want, options).catch(() => []) : [],
      };
    }
  }
  return undefined;
}

/**
 * The `_id`s of documents that share a key of a unique index (as MongoDB indexes them: a missing field
 * is null unless the index is sparse or partial). Read client-side, a projection of the key fields
 * only, so it works on any MongoDB-wire server; it runs only after a build failed.
 */
async function duplicates(db: Db, want: IndexWant, options: CreateIndexesOptions): Promise<string[]> {
  const fields = Object.keys(want.key);
  const filter: Document = { ...(options.partialFilterExpression ?? {}) };
  if (options.sparse) filter.$or = fields.map((f) => ({ [f]: { $exists: true } }));
  const projection = Object.fromEntries(fields.map((f) => [f, 1]));
  const firstByKey = new Map<string, string>();
  const offenders = new Set<string>();
  const cursor = db.collection(want.collection).find(filter, { projection });
  for await (const doc of cursor) {
    const key = JSON.stringify(fields.map((f) => valueAt(doc, f) ?? null));
    const id = String(doc._id);
    const first = firstByKey.get(key);
    if (first === undefined) {
      firstByKey.set(key, id);
      continue;
    }
    offenders.add(first);
    offenders.add(id);
    if (offenders.size >= MAX_OFFENDERS) break;
  }
  await cursor.close();
  return [...offenders].slice(0, MAX_OFFENDERS);
}

function valueAt(doc: Document, path: string): unknown {
  let v: unknown = doc;
  for (const part of path.split('.')) v = v && typeof v === 'object' ? (v as Document)[part] : undefined;
  return v;
}

/** One line per problem, for start-up logs. */
export function describeIndexProblem(p: IndexProblem): string {
  const ids = p.offendingIds.length > 0 ? `; documents in the way (_id): ${p.offendingIds.join(', ')}` : '';
  return `index ${p.collection}.${p.index} could not be built (code ${p.code ?? '?'}): ${p.message}${ids}`;
}
