import type { Collection, Db } from 'mongodb';
import { COLLECTIONS } from './collections.js';

/**
 * The tracker (the original's per-scope list of seen keys, spec §7.6, done per run and in chunks): for
 * each batch, the `unique_id`s of the active resources the provider listed, written before the batch
 * is applied. A scope's **directory** document lists its chunks. Between two sweeps, the directory holds
 * the chunks of the last swept run plus those of every later run (failed, cancelled or guarded runs
 * keep theirs), so it always covers every active resource the crawls wrote to the scope:
 *
 *  - the stale sweep's candidates are the ids in other runs' chunks that this run's chunks lack;
 *  - a scope with no directory (or only this run's chunks, never swept) has nothing stored yet, so
 *    its first crawl needs no lookups.
 *
 * Everything is read and written by `_id` (chunk ids are derived from run and batch), the one filter
 * every MongoDB-compatible server answers from an index: no step scans the inventory.
 */
export interface ChunkRef {
  run: string;
  id: string;
}

interface DirectoryDoc {
  _id: string;
  connection_id: string;
  scope: string;
  chunks: ChunkRef[];
  /** The last run whose sweep applied (its chunks became the scope's membership). */
  swept_run?: string;
  updated_at: Date;
}

interface ChunkDoc {
  _id: string;
  connection_id: string;
  scope: string;
  run_id: string;
  seq: number;
  ids: string[];
  created_at: Date;
}

type TrackerDoc = DirectoryDoc | ChunkDoc;

/** A scope's tracker as the sweep sees it: this run's chunks and everybody else's. */
export interface ScopeMembership {
  current: ChunkRef[];
  earlier: ChunkRef[];
}

export class TrackerRepo {
  private readonly col: Collection<TrackerDoc>;
  constructor(db: Db) {
    this.col = db.collection<TrackerDoc>(COLLECTIONS.tracker);
  }

  private directoryId(connectionId: string, scope: string): string {
    return `dir|${connectionId}|${scope}`;
  }

  private chunkId(connectionId: string, scope: string, runId: string, seq: number): string {
    return `chunk|${connectionId}|${scope}|${runId}|${seq}`;
  }

  private async directory(connectionId: string, scope: string): Promise<DirectoryDoc | null> {
    return (await this.col.findOne({ _id: this.directoryId(connectionId, scope) })) as DirectoryDoc | null;
  }

  /** Records a batch's ids (idempotent: a retry rewrites the same chunk). */
  async record(
    connectionId: string,
    scope: string,
    runId: string,
    seq: number,
    ids: string[],
  ): Promise<void> {
    const id = this.chunkId(connectionId, scope, runId, seq);
    const chunk: ChunkDoc = {
      _id: id,
      connection_id: connectionId,
      scope,
      run_id: runId,
      seq,
      ids,
      created_at: new Date(),
    };
    await this.col.replaceOne({ _id: id }, chunk, { upsert: true });
    await this.col.updateOne(
      { _id: this.directoryId(connectionId, scope) },
      {
        $addToSet: { chunks: { run: runId, id } },
        $set: { updated_at: new Date() },
        $setOnInsert: { connection_id: connectionId, scope },
      },
      { upsert: true },
    );
  }

  /** True when no other run ever recorded anything in the scope and none was swept: nothing is stored. */
  async isFresh(connectionId: string, scope: string, runId: string): Promise<boolean> {
    const dir = await this.directory(connectionId, scope);
    return !dir || (dir.swept_run === undefined && (dir.chunks ?? []).every((c) => c.run === runId));
  }

  async membership(connectionId: string, scope: string, runId: string): Promise<ScopeMembership> {
    const chunks = (await this.directory(connectionId, scope))?.chunks ?? [];
    return { current: chunks.filter((c) => c.run === runId), earlier: chunks.filter((c) => c.run !== runId) };
  }

  /** The ids of some chunks, a chunk at a time (one read by `_id` each; a missing chunk has none). */
  async *ids(chunks: ChunkRef[]): AsyncGenerator<string[]> {
    for (const { id } of chunks) {
      const chunk = (await this.col.findOne({ _id: id })) as ChunkDoc | null;
      if (chunk) yield chunk.ids;
    }
  }

  /**
   * After a sweep applied: this run's chunks are the scope's membership; the earlier ones are dropped
   * from the directory, then deleted. Safe to repeat.
   */
  async compact(connectionId: string, scope: string, runId: string, earlier: ChunkRef[]): Promise<void> {
    await this.col.updateOne(
      { _id: this.directoryId(connectionId, scope) },
      {
        $pullAll: { chunks: earlier },
        $set: { swept_run: runId, updated_at: new Date() },
        $setOnInsert: { connection_id: connectionId, scope },
      },
      { upsert: true },
    );
    for (const { id } of earlier) await this.col.deleteOne({ _id: id });
  }
}
