import type { Collection, Db, Filter, ObjectId } from 'mongodb';
import type { EncryptedBlob } from '../core/crypto.js';
import { NotFoundError } from '../core/errors.js';
import { idString } from '../core/ids.js';
import type { ProviderConnection } from '../providers/types.js';
import { COLLECTIONS } from './collections.js';
import { storedId, storedIdForms } from './object-id.js';
import { findPage } from './page.js';

export type ConnectionState = 'success' | 'warning' | 'danger';

/**
 * A provider account. Maestro's format keeps credentials as a JWT in `conn` (signed, not encrypted);
 * Discovery's own format keeps them AES-256-GCM encrypted in `credentials`.
 */
export interface ConnectionDoc {
  _id: ObjectId | string;
  provider: string;
  service: string;
  dc?: string;
  dc_id?: unknown;
  conn?: string;
  credentials?: EncryptedBlob;
  regions?: string[];
  owner_user?: { _id: unknown; name?: string; email?: string; refs?: string };
  roles?: Array<{ _id: unknown; name?: string; email?: string; role?: number; refs?: string }>;
  status?: string;
  active?: boolean;
  process?: Record<string, { state: ConnectionState; msg: string }>;
  [field: string]: unknown;
}

/** Connection ids are ObjectIds in Maestro; a 24-hex string is looked up as one. */
export function connectionIdFilter(id: string): { _id: ObjectId | string } {
  return { _id: storedId(id) };
}

/** Matches connections owned by `tenant`, whether its id was stored as an ObjectId or as a string. */
function ownedBy(tenant: string): Filter<ConnectionDoc> {
  return { 'owner_user._id': { $in: storedIdForms(tenant) } };
}

/** A page of connections (`_id` order): of one tenant, of one provider, after a cursor id. */
export interface ConnectionPageQuery {
  tenantId?: string;
  provider?: { services: readonly string[]; label: string };
  afterId?: string;
}

export class ConnectionRepo {
  readonly col: Collection<ConnectionDoc>;
  constructor(db: Db) {
    this.col = db.collection<ConnectionDoc>(COLLECTIONS.connections);
  }

  async find(id: string): Promise<ConnectionDoc | null> {
    return this.col.findOne(connectionIdFilter(id));
  }

  async get(id: string): Promise<ConnectionDoc> {
    const doc = await this.find(id);
    if (!doc) throw new NotFoundError('connection', id);
    return doc;
  }

  /** The connection, if it exists and (with `tenantId`) that tenant owns it. */
  async findOwned(id: string, tenantId: string | undefined): Promise<ConnectionDoc | null> {
    return this.col.findOne({
      ...connectionIdFilter(id),
      ...(tenantId === undefined ? {} : ownedBy(tenantId)),
    } as Filter<ConnectionDoc>);
  }

  /** `limit + 1` connections from the cursor on (see store/page.ts). */
  async page(query: ConnectionPageQuery, limit: number): Promise<ConnectionDoc[]> {
    const and: Filter<ConnectionDoc>[] = [];
    if (query.tenantId !== undefined) and.push(ownedBy(query.tenantId));
    if (query.provider !== undefined)
      and.push({
        $or: [{ service: { $in: [...query.provider.services] } }, { provider: query.provider.label }],
      });
    if (query.afterId !== undefined) and.push({ _id: { $gt: storedId(query.afterId) } });
    return findPage(this.col, and, { _id: 1 }, limit);
  }

  async insert(doc: ConnectionDoc): Promise<void> {
    await this.col.insertOne(doc);
  }

  /** `$set` (and `$unset`) fields of the connection stored under `_id`. */
  async update(_id: ConnectionDoc['_id'], set: Record<string, unknown>, unset: string[] = []): Promise<void> {
    const $unset: Record<string, ''> = Object.fromEntries(unset.map((f) => [f, '']));
    await this.col.updateOne({ _id }, { $set: set, ...(unset.length > 0 ? { $unset } : {}) });
  }

  async remove(_id: ConnectionDoc['_id']): Promise<void> {
    await this.col.deleteOne({ _id });
  }

  /** `connections.process.<task> = {state, msg}` (spec §8.1): what Maestro's UI and scheduler read. */
  async setStatus(id: string, task: string, state: ConnectionState, msg: string, at: Date): Promise<void> {
    const text = `${msg} At ${at.toISOString()}`;
    await this.col.updateOne(connectionIdFilter(id), { $set: { [`process.${task}`]: { state, msg: text } } });
  }
}

/** Maestro's connection fields that are not the provider's business (everything else is an option). */
const NOT_OPTIONS = new Set([
  '_id',
  'provider',
  'service',
  'dc',
  'dc_id',
  'conn',
  'credentials',
  'regions',
  'owner_user',
  'roles',
  'status',
  'active',
  'process',
  'created_at',
  'updated_at',
]);

/** The neutral view of a connection a provider works with (providers/types.ts), with its credentials. */
export function providerConnection<C>(doc: ConnectionDoc, credentials: C): ProviderConnection<C> {
  const options: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(doc)) if (!NOT_OPTIONS.has(k)) options[k] = v;
  return {
    id: idString(doc._id) ?? '',
    provider: doc.provider,
    service: doc.service,
    ...(doc.dc === undefined ? {} : { dc: doc.dc }),
    ...(doc.dc_id === undefined ? {} : { dcId: doc.dc_id }),
    regions: doc.regions ?? [],
    options,
    credentials,
  };
}
