import { MongoBulkWriteError, type Collection, type Document, type OptionalUnlessRequiredId } from 'mongodb';

/**
 * Inserts documents whose `_id` is derived from what they are, so a retried step that inserts them
 * again meets duplicate keys: those are success (same `_id`, same content). Plain inserts rather than
 * upserts, which every MongoDB-compatible server executes fast.
 */
export async function insertIgnoringDuplicates<T extends Document>(
  col: Collection<T>,
  docs: OptionalUnlessRequiredId<T>[],
): Promise<number> {
  if (docs.length === 0) return 0;
  try {
    return (await col.insertMany(docs, { ordered: false })).insertedCount;
  } catch (err) {
    if (err instanceof MongoBulkWriteError && [err.writeErrors].flat().every((e) => e.code === 11000)) {
      return err.result.insertedCount;
    }
    throw err;
  }
}
