import { BSON, type Collection, type Db } from 'mongodb';
import { COLLECTIONS } from './collections.js';

/**
 * Raw provider pages and normalized batches, stored by reference so activity payloads stay tiny whatever
 * the account size. Bodies are EJSON text: any provider key survives (dots, dollars) and dates round-trip.
 * Documents expire after DISCOVERY_STAGING_TTL_SECONDS (TTL index on `created_at`).
 */
export type StagingKind = 'raw' | 'batch' | 'plan';

interface StagingDoc {
  _id: string;
  run_id: string;
  scope: string;
  kind: StagingKind;
  seq: number;
  count: number;
  body: string;
  /**
   * Raw pages only: where the listing goes on after this page — the provider's next page token, or
   * `end` when this page was the last. A retried fetch resumes from the last page stored (see
   * `rawCursor`), whatever heartbeat reached the server.
   */
  next_token?: string;
  end?: boolean;
  created_at: Date;
}

/** What a stored raw page says about the listing after it (no body). */
export interface RawCursor {
  count: number;
  /** The next page's token; undefined when `end`. */
  nextToken: string | undefined;
  end: boolean;
}

export function stagingId(runId: string, scope: string, kind: StagingKind, seq: number): string {
  return `${runId}|${scope}|${kind}|${seq}`;
}

export class StagingRepo {
  readonly col: Collection<StagingDoc>;
  constructor(db: Db) {
    this.col = db.collection<StagingDoc>(COLLECTIONS.staging);
  }

  /**
   * A TTL index where the server has them; FerretDB v1 does not, so `purgeExpired` (run at the end of
   * every crawl) is the mechanism that always works.
   */
  async ensureIndexes(ttlSeconds: number): Promise<void> {
    try {
      await this.col.createIndex(
        { created_at: 1 },
        { expireAfterSeconds: ttlSeconds, name: 'ttl_created_at' },
      );
    } catch {
      await this.col.createIndex({ created_at: 1 }, { name: 'created_at' });
    }
    await this.col.createIndex({ run_id: 1, scope: 1, kind: 1, seq: 1 }, { name: 'run_scope_kind_seq' });
  }

  async purgeExpired(ttlSeconds: number, now: Date): Promise<number> {
    const res = await this.col.deleteMany({
      created_at: { $lt: new Date(now.getTime() - ttlSeconds * 1000) },
    });
    return res.deletedCount;
  }

  /**
   * Idempotent: a retried step overwrites the same document. `next` (raw pages): the listing's next
   * page token after this page, undefined when it was the last.
   */
  async put(
    runId: string,
    scope: string,
    kind: StagingKind,
    seq: number,
    items: unknown[],
    next?: { token: string | undefined },
  ): Promise<string> {
    const _id = stagingId(runId, scope, kind, seq);
    const doc: StagingDoc = {
      _id,
      run_id: runId,
      scope,
      kind,
      seq,
      count: items.length,
      body: BSON.EJSON.stringify(items, { relaxed: true }),
      ...(next === undefined
        ? {}
        : next.token === undefined
          ? { end: true }
          : { next_token: next.token, end: false }),
      created_at: new Date(),
    };
    await this.col.replaceOne({ _id }, doc, { upsert: true });
    return _id;
  }

  /**
   * Items of the documents `fromSeq..toSeq` of one kind, in order. Each document is read by `_id` (its
   * key is known), the one filter every MongoDB-compatible server answers from an index.
   */
  async items(
    runId: string,
    scope: string,
    kind: StagingKind,
    fromSeq: number,
    toSeq: number,
  ): Promise<unknown[]> {
    const seqs = Array.from({ length: toSeq - fromSeq + 1 }, (_, i) => fromSeq + i);
    const docs = await Promise.all(
      seqs.map((seq) => this.col.findOne({ _id: stagingId(runId, scope, kind, seq) })),
    );
    const missing = seqs.filter((_, i) => !docs[i]);
    if (missing.length > 0) {
      throw new Error(
        `staging: ${kind} page(s) ${missing.join(', ')} of ${scope} in run ${runId} not found ` +
          `(wanted ${fromSeq}..${toSeq}; expired?)`,
      );
    }
    return docs.flatMap((d) => BSON.EJSON.parse(d!.body, { relaxed: true }) as unknown[]);
  }

  /**
   * The stored raw page `seq` of a scope, without its body: its item count and where the listing goes
   * on. Undefined when the page is not stored, or was stored without its cursor.
   */
  async rawCursor(runId: string, scope: string, seq: number): Promise<RawCursor | undefined> {
    const doc = await this.col.findOne(
      { _id: stagingId(runId, scope, 'raw', seq) },
      { projection: { count: 1, next_token: 1, end: 1 } },
    );
    if (!doc || typeof doc.end !== 'boolean') return undefined;
    return { count: doc.count, nextToken: doc.end ? undefined : doc.next_token, end: doc.end };
  }

  /** Raw pages of a finished run (scope, sequence and item count, no bodies), for `discovery retranslate`. */
  async rawSequences(runId: string): Promise<Array<{ scope: string; seq: number; count: number }>> {
    return this.col
      .find({ run_id: runId, kind: 'raw' }, { projection: { scope: 1, seq: 1, count: 1 } })
      .sort({ scope: 1, seq: 1 })
      .map((d) => ({ scope: d.scope, seq: d.seq, count: d.count }))
      .toArray();
  }
}
