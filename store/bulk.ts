import { MongoBulkWriteError, type Collection, type Document, type OptionalUnlessRequiredId } from 'mongodb';

/**
 * Inserts documents whose `_id` is derived from what they are, so a retried step that inserts them
 * again meets duplicate keys: those are success (same `_id`, same content). Plain inserts rather than
 * upserts, which every MongoDB-compatible server executes fast. Returns the number inserted and the
 * positions (in `docs`) of those that were there already.
 */
export async function insertIgnoringDuplicates<T extends Document>(
  col: Collection<T>,
  docs: OptionalUnlessRequiredId<T>[],
): Promise<{ inserted: number; duplicates: number[] }> {
  if (docs.length === 0) return { inserted: 0, duplicates: [] };
  try {
    return { inserted: (await col.insertMany(docs, { ordered: false })).insertedCount, duplicates: [] };
  } catch (err) {
    const errors = err instanceof MongoBulkWriteError ? [err.writeErrors].flat() : [];
    if (errors.length > 0 && errors.every((e) => e.code === 11000)) {
      return {
        inserted: (err as MongoBulkWriteError).result.insertedCount,
        duplicates: errors.map((e) => e.index),
      };
    }
    throw err;
  }
}
