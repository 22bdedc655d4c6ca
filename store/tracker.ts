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
 *
 * A chunk also carries each id's checksum (`sums`, as the audit classified the record) and, once
 * `insertBatch` has written the batch, `applied` (with the ids it did not write in `skip`). An applied
 * chunk of the scope's latest earlier run is what the next crawl's audit trusts instead of reading the
 * inventory (`known`): a record whose checksum matches is unchanged without a lookup (docs/architecture.md,
 * "Unchanged re-crawls"). `verified_at` is when the oldest inventory read behind those checksums was
 * made: past the recheck window a crawl reads the inventory again.
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
  /** Checksums of `ids`, same order (absent in chunks written before checksums were kept). */
  sums?: string[];
  /** The oldest inventory read the checksums rest on. */
  verified_at?: Date;
  /** Set by `insertBatch` once the batch is written: the checksums are the stored ones. */
  applied?: boolean;
  /** Ids of the batch `insertBatch` did not write (conflicts, documents gone meanwhile). */
  skip?: string[];
  created_at: Date;
}

/** What the scope's latest earlier run recorded, near one batch (see `TrackerRepo.known`). */
export interface KnownState {
  /** No other run ever recorded anything in the scope and none was swept: nothing is stored. */
  fresh: boolean;
  /** Applied checksums by id, with the time their inventory read was made. */
  sums: Map<string, { checksum: string; verifiedAt: Date }>;
}

/** The batch sequence number a chunk id ends with. */
function seqOf(ref: ChunkRef): number {
  return Number(ref.id.slice(ref.id.lastIndexOf('|') + 1));
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

  /**
   * Records a batch's ids, with their checksums and when those were last verified against the inventory
   * (idempotent: a retry rewrites the same chunk, not applied yet).
   */
  async record(
    connectionId: string,
    scope: string,
    runId: string,
    seq: number,
    ids: string[],
    sums?: { checksums: string[]; verifiedAt: Date },
  ): Promise<void> {
    const id = this.chunkId(connectionId, scope, runId, seq);
    const chunk: ChunkDoc = {
      _id: id,
      connection_id: connectionId,
      scope,
      run_id: runId,
      seq,
      ids,
      ...(sums ? { sums: sums.checksums, verified_at: sums.verifiedAt } : {}),
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

  /** Marks a batch's chunk written (its checksums are the stored ones), except the ids in `skip`. */
  async applied(
    connectionId: string,
    scope: string,
    runId: string,
    seq: number,
    skip: string[],
  ): Promise<void> {
    await this.col.updateOne(
      { _id: this.chunkId(connectionId, scope, runId, seq) },
      { $set: { applied: true, skip } },
    );
  }

  /** True when no other run ever recorded anything in the scope and none was swept: nothing is stored. */
  async isFresh(connectionId: string, scope: string, runId: string): Promise<boolean> {
    return (await this.known(connectionId, scope, runId, undefined)).fresh;
  }

  /**
   * Whether the scope is fresh and, for the batch starting at `seq`, the checksums the scope's latest
   * earlier run applied there: that run's chunks at `seq` and on either side (a listing that lost or
   * gained resources since shifts them by a few), applied ones only, without their skipped ids. Only
   * the latest run is read: no later run can have written those resources since (runs of a connection's
   * task follow one another; a later run's chunks would be in the directory).
   */
  async known(
    connectionId: string,
    scope: string,
    runId: string,
    seq: number | undefined,
  ): Promise<KnownState> {
    const dir = await this.directory(connectionId, scope);
    const chunks = dir?.chunks ?? [];
    const fresh = !dir || (dir.swept_run === undefined && chunks.every((c) => c.run === runId));
    const sums = new Map<string, { checksum: string; verifiedAt: Date }>();
    const latest = chunks.findLast((c) => c.run !== runId)?.run;
    if (fresh || seq === undefined || latest === undefined) return { fresh, sums };
    const theirs = chunks.filter((c) => c.run === latest).sort((a, b) => seqOf(a) - seqOf(b));
    const at = theirs.findLastIndex((c) => seqOf(c) <= seq);
    const near = theirs.slice(Math.max(0, at - 1), at + 2);
    const docs = await Promise.all(
      near.map((c) => this.col.findOne({ _id: c.id }) as Promise<ChunkDoc | null>),
    );
    for (const doc of docs) {
      if (!doc?.applied || !doc.sums || !doc.verified_at || doc.sums.length !== doc.ids.length) continue;
      const skip = new Set(doc.skip ?? []);
      doc.ids.forEach((id, i) => {
        if (!skip.has(id)) sums.set(id, { checksum: doc.sums![i]!, verifiedAt: doc.verified_at! });
      });
    }
    return { fresh, sums };
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
