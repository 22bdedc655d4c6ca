import { createHash } from 'node:crypto';
import {
  ObjectId,
  type AnyBulkWriteOperation,
  type Collection,
  type Db,
  type Document,
  type Filter,
} from 'mongodb';
import { ENTITIES, type Entity, type NormalizedRecord } from '../core/model.js';
import { insertIgnoringDuplicates } from './bulk.js';
import { bulkUpdateByIds, findByIds, updateByIds, type IdLookup } from './by-id.js';
import { isObjectIdHex } from './object-id.js';
import { findPage } from './page.js';

/**
 * The `_id` of an inventory document is derived from its identity (connection, unique_id): a real
 * ObjectId, as Maestro's apps expect, that every writer computes without a lookup. Reads and writes
 * then filter on `_id` alone, which every MongoDB-compatible server serves from its primary key
 * (FerretDB v1 pushes down nothing else), and a retried insert is a duplicate-key no-op.
 */
export function inventoryId(connectionId: string, uniqueId: string): ObjectId {
  return new ObjectId(createHash('sha1').update(`${connectionId}\u0000${uniqueId}`).digest().subarray(0, 12));
}

/**
 * Inventory collections (`servers`, `volumes`, …) in Maestro's field names. Identity is
 * (connection, entity, unique_id): one unique index per collection. Bookkeeping fields:
 * `connection_id`, `tenant_id`, `crawl_scope`, `checksum`, `first_seen`, `last_seen`, `last_seen_run`.
 */
export interface InventoryDoc extends Document {
  _id: ObjectId;
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
  /** No stored document yet: inserted rather than updated. */
  create: boolean;
}

/**
 * A page of one entity collection (`_id` order): of one tenant or connection, of one provider (its
 * label, as in `datacenters.provider`), in one region (a code matches its labels), active or not,
 * after a cursor id (the hex of an `_id`).
 */
export interface InventoryPageQuery {
  tenantId?: string;
  connectionId?: string;
  providerLabel?: string;
  region?: string;
  active?: boolean;
  afterId?: string;
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export class InventoryRepo {
  /** `idLookup`: how to read many documents by `_id` on this server (store/by-id.ts). */
  constructor(
    private readonly db: Db,
    private readonly idLookup: IdLookup = 'in',
  ) {}

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

  /** `limit + 1` documents from the cursor on (see store/page.ts). */
  async page(entity: Entity, query: InventoryPageQuery, limit: number): Promise<InventoryDoc[]> {
    const and: Filter<InventoryDoc>[] = [];
    if (query.tenantId !== undefined) and.push({ tenant_id: query.tenantId });
    if (query.connectionId !== undefined) and.push({ connection_id: query.connectionId });
    if (query.providerLabel !== undefined) and.push({ 'datacenters.provider': query.providerLabel });
    if (query.region !== undefined)
      and.push({ 'datacenters.region': { $regex: `^${escapeRegex(query.region)}( |$)` } });
    if (query.active !== undefined) and.push({ active: query.active });
    if (query.afterId !== undefined) and.push({ _id: { $gt: new ObjectId(query.afterId) } });
    return findPage(this.col(entity), and, { _id: 1 }, limit);
  }

  /** The document whose `_id` has this hex form; null for any other id. */
  async findById(entity: Entity, id: string): Promise<InventoryDoc | null> {
    if (!isObjectIdHex(id)) return null;
    return this.col(entity).findOne({ _id: new ObjectId(id) });
  }

  async findByUniqueIds(entity: Entity, connectionId: string, ids: string[]): Promise<InventoryDoc[]> {
    return findByIds(
      this.col(entity),
      ids.map((id) => inventoryId(connectionId, id)),
      this.idLookup,
    );
  }

  /**
   * Writes a batch: new documents with one unordered insertMany, changed ones with updates by `_id`.
   * Returns the number of documents written and the `unique_id`s of the planned inserts that found a
   * document there already (a retry's own, or one the plan did not know of: the caller decides).
   */
  async write(
    entity: Entity,
    own: Ownership,
    scope: string,
    runId: string,
    ops: WriteOp[],
    at: Date,
  ): Promise<{ written: number; existing: string[] }> {
    const col = this.col(entity);
    const fields = (record: NormalizedRecord, checksum: string): Document => ({
      ...record,
      connection_id: own.connectionId,
      tenant_id: own.tenantId,
      accountant: [own.connectionId],
      crawl_scope: scope,
      checksum,
      last_seen: at,
      last_seen_run: runId,
      updated_at: at,
    });
    const inserts = ops
      .filter((op) => op.create)
      .map(
        ({ record, checksum }) =>
          ({
            _id: inventoryId(own.connectionId, record.unique_id),
            ...fields(record, checksum),
            owner: own.owner,
            roles: own.roles,
            first_seen: at,
            created_at: record.created_at ?? at,
          }) as unknown as InventoryDoc,
      );
    const { inserted, duplicates } = await insertIgnoringDuplicates(col, inserts);
    const updates: AnyBulkWriteOperation<InventoryDoc>[] = ops
      .filter((op) => !op.create)
      .map(({ record, checksum, unset }) => {
        const update: Document = { $set: fields(record, checksum) };
        if (unset.length > 0) update.$unset = Object.fromEntries(unset.map((f) => [f, '']));
        return { updateOne: { filter: { _id: inventoryId(own.connectionId, record.unique_id) }, update } };
      });
    const updated = await bulkUpdateByIds(col, updates);
    return { written: inserted + updated, existing: duplicates.map((i) => inserts[i]!.unique_id) };
  }

  /**
   * Marks unchanged documents as seen in this run and scope (`last_seen`, `last_seen_run`; written
   * documents carry them already).
   */
  async markSeen(
    entity: Entity,
    connectionId: string,
    scope: string,
    runId: string,
    ids: string[],
    at: Date,
  ): Promise<number> {
    return updateByIds(
      this.col(entity),
      ids.map((id) => inventoryId(connectionId, id)),
      { $set: { last_seen: at, last_seen_run: runId, crawl_scope: scope } },
      this.idLookup,
    );
  }

  /** `active: false` on those of these resources still active; returns how many changed. */
  async deactivate(entity: Entity, connectionId: string, ids: string[], at: Date): Promise<number> {
    return updateByIds(
      this.col(entity),
      ids.map((id) => inventoryId(connectionId, id)),
      { $set: { active: false, updated_at: at, deactivated_at: at } },
      this.idLookup,
      { active: true },
    );
  }
}
