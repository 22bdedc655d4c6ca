import type { AnyBulkWriteOperation, Collection, Db, Document } from 'mongodb';
import { ENTITIES, type Entity, type NormalizedRecord } from '../core/model.js';

/**
 * Inventory collections (`servers`, `volumes`, …) in Maestro's field names. Identity is
 * (connection, entity, unique_id): one unique index per collection. Bookkeeping fields:
 * `connection_id`, `tenant_id`, `crawl_scope`, `checksum`, `first_seen`, `last_seen`, `last_seen_run`.
 */
export interface InventoryDoc extends Document {
  connection_id: string;
  unique_id: string;
  active: boolean;
  checksum: string;
  crawl_scope: string;
  last_seen_run: string;
}

export interface Ownership {
  connectionId: string;
  tenantId: string | undefined;
  /** Set on insert only (spec §7.7). */
  owner: Record<string, unknown>;
  roles: unknown[];
}

export interface WriteOp {
  record: NormalizedRecord;
  checksum: string;
  unset: string[];
}

export class InventoryRepo {
  constructor(private readonly db: Db) {}

  col(entity: Entity): Collection<InventoryDoc> {
    return this.db.collection<InventoryDoc>(entity);
  }

  async ensureIndexes(): Promise<void> {
    for (const entity of ENTITIES) {
      const col = this.col(entity);
      await col.createIndex({ connection_id: 1, unique_id: 1 }, { unique: true, name: 'identity' });
      await col.createIndex({ connection_id: 1, crawl_scope: 1, active: 1 }, { name: 'scope_active' });
      await col.createIndex({ tenant_id: 1, active: 1 }, { name: 'tenant_active' });
    }
  }

  async findByUniqueIds(entity: Entity, connectionId: string, ids: string[]): Promise<InventoryDoc[]> {
    if (ids.length === 0) return [];
    return this.col(entity).find({ connection_id: connectionId, unique_id: { $in: ids } }).toArray();
  }

  /** One unordered bulkWrite of upserts for a batch; returns the number of documents written. */
  async write(entity: Entity, own: Ownership, scope: string, runId: string, ops: WriteOp[], at: Date): Promise<number> {
    if (ops.length === 0) return 0;
    const bulk: AnyBulkWriteOperation<InventoryDoc>[] = ops.map(({ record, checksum, unset }) => {
      const set: Document = {
        ...record,
        connection_id: own.connectionId,
        tenant_id: own.tenantId,
        accountant: [own.connectionId],
        crawl_scope: scope,
        checksum,
        last_seen: at,
        last_seen_run: runId,
        updated_at: at,
      };
      if (record.created_at === undefined) delete set.created_at;
      const update: Document = {
        $set: set,
        $setOnInsert: {
          owner: own.owner,
          roles: own.roles,
          first_seen: at,
          ...(record.created_at === undefined ? { created_at: at } : {}),
        },
      };
      if (unset.length > 0) update.$unset = Object.fromEntries(unset.map((f) => [f, '']));
      return {
        updateOne: { filter: { connection_id: own.connectionId, unique_id: record.unique_id }, update, upsert: true },
      };
    });
    const res = await this.col(entity).bulkWrite(bulk, { ordered: false });
    return res.upsertedCount + res.matchedCount;
  }

  /** Marks keys as seen in this run and scope (the "tracker"); the stale sweep reads `last_seen_run`. */
  async markSeen(entity: Entity, connectionId: string, scope: string, runId: string, ids: string[], at: Date): Promise<number> {
    if (ids.length === 0) return 0;
    const res = await this.col(entity).updateMany(
      { connection_id: connectionId, unique_id: { $in: ids } },
      { $set: { last_seen: at, last_seen_run: runId, crawl_scope: scope } },
    );
    return res.matchedCount;
  }

  async countActive(entity: Entity, connectionId: string, scope: string): Promise<number> {
    return this.col(entity).countDocuments({ connection_id: connectionId, crawl_scope: scope, active: true });
  }

  staleFilter(connectionId: string, scope: string, runId: string): Document {
    return { connection_id: connectionId, crawl_scope: scope, active: true, last_seen_run: { $ne: runId } };
  }

  async countStale(entity: Entity, connectionId: string, scope: string, runId: string): Promise<number> {
    return this.col(entity).countDocuments(this.staleFilter(connectionId, scope, runId));
  }

  /** Stale documents, a bounded page at a time (memory never holds a whole scope). */
  async staleBatch(entity: Entity, connectionId: string, scope: string, runId: string, limit: number): Promise<InventoryDoc[]> {
    return this.col(entity).find(this.staleFilter(connectionId, scope, runId)).sort({ unique_id: 1 }).limit(limit).toArray();
  }

  async deactivate(entity: Entity, connectionId: string, ids: string[], at: Date): Promise<number> {
    if (ids.length === 0) return 0;
    const res = await this.col(entity).updateMany(
      { connection_id: connectionId, unique_id: { $in: ids }, active: true },
      { $set: { active: false, updated_at: at, deactivated_at: at } },
    );
    return res.modifiedCount;
  }
}
