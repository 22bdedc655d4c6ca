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
import { describeIndexProblem, ensureIndexSet, type IndexWant } from './indexes.js';

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
  /** The stored document's `_id`, when it is not the derived one (a document Discovery adopted). */
  id?: ObjectId;
  /** Top-level fields merged with the stored document's (spec §7.3), set instead of the record's. */
  merged?: Document;
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

  /**
   * Indexes of the inventory collections (store/indexes.ts builds them, tolerating documents other
   * Maestro apps wrote):
   * - `identity` (connection, unique_id), unique, only over documents that carry both as strings —
   *   what Discovery writes. A unique index over every document fails on MongoDB as soon as two
   *   documents made in Maestro's UI lack both fields (both index as null). FerretDB v1 refuses
   *   partial indexes; there the plain index is built (it ignores missing fields in unique indexes).
   * - `<entity>_unique` (unique_id), unique and sparse: server-app's own (migrations 0101, 0104,
   *   0117, 0118), name and options alike, so it is not built twice; Discovery builds it on the other
   *   inventory collections too, as the original matched `unique_id` globally in every one (spec §7.4).
   *   A crawl relies on it to meet a resource stored under another `_id` (insertBatch's reconcile).
   */
  indexWants(): IndexWant[] {
    return ENTITIES.flatMap((entity): IndexWant[] => [
      {
        collection: entity,
        key: { connection_id: 1, unique_id: 1 },
        options: {
          name: 'identity',
          unique: true,
          partialFilterExpression: { connection_id: { $type: 'string' }, unique_id: { $type: 'string' } },
        },
        fallback: { name: 'identity', unique: true },
      },
      {
        collection: entity,
        key: { connection_id: 1, crawl_scope: 1, active: 1 },
        options: { name: 'scope_active' },
      },
      { collection: entity, key: { tenant_id: 1, active: 1 }, options: { name: 'tenant_active' } },
      {
        collection: entity,
        key: { unique_id: 1 },
        options: { name: `${entity}_unique`, unique: true, sparse: true },
        foreign: true,
      },
    ]);
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

  /** Builds the indexes; throws when one cannot be built (tests and tools; start-up uses store/index.ts). */
  async ensureIndexes(): Promise<void> {
    const problems = await ensureIndexSet(this.db, this.indexWants());
    if (problems[0]) throw new Error(describeIndexProblem(problems[0]));
  }

  /**
   * This connection's documents of these resources: by the `_id` derived from the identity, then,
   * for the ids not found so, by (connection, unique_id) — documents Discovery adopted keep the `_id`
   * they had (another writer's), and are found that way.
   */
  async findByUniqueIds(entity: Entity, connectionId: string, ids: string[]): Promise<InventoryDoc[]> {
    const found = await findByIds(
      this.col(entity),
      ids.map((id) => inventoryId(connectionId, id)),
      this.idLookup,
    );
    if (found.length >= ids.length) return found;
    const have = new Set(found.map((d) => d.unique_id));
    const missing = ids.filter((id) => !have.has(id));
    const adopted = await this.col(entity)
      .find({ connection_id: connectionId, unique_id: { $in: missing } })
      .toArray();
    return [...found, ...adopted];
  }

  /** The documents with these `_id`s. */
  async findByObjectIds(entity: Entity, ids: ObjectId[]): Promise<InventoryDoc[]> {
    return findByIds(this.col(entity), ids, this.idLookup);
  }

  /** Whoever holds these `unique_id`s (any connection, any tenant, or none: documents made elsewhere). */
  async findHolders(entity: Entity, ids: string[]): Promise<InventoryDoc[]> {
    if (ids.length === 0) return [];
    return this.col(entity)
      .find({ unique_id: { $in: ids } })
      .toArray();
  }

  /**
   * Writes a batch: new documents with one unordered insertMany, changed ones with updates by `_id`
   * (`op.id` when the stored document is not under the derived `_id`: an adopted one).
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
      ...withMaestroIds(record),
      connection_id: own.connectionId,
      tenant_id: own.tenantId,
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
            accountant: [own.connectionId],
            owner: own.owner,
            roles: own.roles,
            first_seen: at,
            created_at: record.created_at ?? at,
          }) as unknown as InventoryDoc,
      )
      .map((doc) => withMaestroIds(doc));
    const { inserted, duplicates } = await insertIgnoringDuplicates(col, inserts);
    const updates: AnyBulkWriteOperation<InventoryDoc>[] = ops
      .filter((op) => !op.create)
      .map(({ record, checksum, unset, id, merged }) => {
        const set = fields(record, checksum);
        // Merged fields (spec §7.3: what users added to tags, applications... is kept).
        if (merged) Object.assign(set, withMaestroIds(merged));
        // `accountant` is the union of the connections that saw the resource (spec §7.7).
        const update: Document = { $set: set, $addToSet: { accountant: own.connectionId } };
        if (unset.length > 0) update.$unset = Object.fromEntries(unset.map((f) => [f, '']));
        return {
          updateOne: { filter: { _id: id ?? inventoryId(own.connectionId, record.unique_id) }, update },
        };
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
    const update = { $set: { last_seen: at, last_seen_run: runId, crawl_scope: scope } };
    return this.updateOwn(entity, connectionId, ids, update);
  }

  /**
   * `active: false` on these documents, by `_id` alone: the sweep has just read each one by `_id`
   * and found it active, in its scope and unseen in this run, and has recorded its change. (A filter
   * on anything besides `_id` reads the whole collection on FerretDB v1, once per document.) Returns
   * how many matched.
   */
  async deactivate(entity: Entity, docs: Array<{ _id: ObjectId }>, at: Date): Promise<number> {
    const update = { $set: { active: false, updated_at: at, deactivated_at: at } };
    return updateByIds(
      this.col(entity),
      docs.map((d) => d._id),
      update,
      this.idLookup,
    );
  }

  /**
   * One update on this connection's documents of these resources: by derived `_id`, then, when fewer
   * matched (adopted documents keep their `_id`), by (connection, unique_id) for the rest.
   */
  private async updateOwn(
    entity: Entity,
    connectionId: string,
    ids: string[],
    update: Document,
    also: Document = {},
  ): Promise<number> {
    const col = this.col(entity);
    const matched = await updateByIds(
      col,
      ids.map((id) => inventoryId(connectionId, id)),
      update,
      this.idLookup,
      also,
    );
    if (matched >= ids.length) return matched;
    const derived = ids.map((id) => inventoryId(connectionId, id));
    const rest = await col.updateMany(
      { ...also, connection_id: connectionId, unique_id: { $in: ids }, _id: { $nin: derived } },
      update,
    );
    return matched + rest.matchedCount;
  }
}

const HEX24 = /^[0-9a-f]{24}$/i;
const oid = (v: unknown): unknown =>
  typeof v === 'string' && HEX24.test(v) ? ObjectId.createFromHexString(v) : v;
const withOid = (v: unknown): unknown =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && '_id' in v
    ? { ...(v as Document), _id: oid((v as Document)._id) }
    : v;

/**
 * Maestro's reference fields as data-app stored them (spec §7.4: a 24-hex string under a key ending in
 * `_id` became an ObjectId): `datacenters._id`, `roles[]._id`, `owner._id`, `applications[]._id`.
 * Connections hold `dc_id` as a string; Maestro's apps join on ObjectIds.
 */
export function withMaestroIds<T extends Document>(doc: T): T {
  const out: Document = { ...doc };
  for (const key of ['datacenters', 'owner'] as const) if (key in out) out[key] = withOid(out[key]);
  for (const key of ['roles', 'applications'] as const)
    if (Array.isArray(out[key])) out[key] = (out[key] as unknown[]).map(withOid);
  return out as T;
}

/** Does this document (Discovery's or another Maestro app's) belong to the tenant? */
export function heldByTenant(doc: Document, tenantId: string | undefined): boolean {
  if (tenantId === undefined) return false;
  if (typeof doc.tenant_id === 'string') return doc.tenant_id === tenantId;
  // Maestro's documents carry their ACL in `roles` (spec §7.7); the original matched `roles._id`.
  const roles: unknown[] = Array.isArray(doc.roles) ? (doc.roles as unknown[]) : [];
  return roles.some((r) => r !== null && typeof r === 'object' && String((r as Document)._id) === tenantId);
}
