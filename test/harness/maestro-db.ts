import { ObjectId, type Db, type Document } from 'mongodb';
import { COLLECTIONS } from '../../store/collections.js';
import { seedMaestroAwsConnection } from './connections.js';

/**
 * A database as a live Maestro install has it, built from Maestro's own sources, for the store,
 * activity, workflow and API tests:
 * - server-app's indexes (migrations 0100 `servers_active_role`, 0101/0104/0117/0118
 *   `<collection>_unique` = `{unique_id: 1}` unique sparse on servers, applications, networks, volumes);
 * - servers made in Maestro's UI (server-app's `Servers` entity: hostname, ipv4, os, datacenters,
 *   roles, owner; no `unique_id`, no `connection_id`);
 * - documents the original discovery-api wrote through data-app (`PUT /<entity>` upsert by
 *   `unique_id`: random `_id`, `datacenters._id` and `roles[]._id` ObjectIds, `owner` the connection,
 *   `accountant`, no Discovery bookkeeping), with fields users edited afterwards;
 * - a second tenant's document holding a `unique_id` this tenant's cloud also has;
 * - the connection as server-app stores it: `dc_id` a string, `owner_user`, `roles`.
 */
export interface MaestroDb {
  connectionId: string;
  tenantId: ObjectId;
  otherTenantId: ObjectId;
  dcId: string;
  uiServerIds: ObjectId[];
  /** `unique_id` → `_id` of the original discovery-api's documents. */
  legacyDocs: Map<string, ObjectId>;
  /** `unique_id` → `_id` of the second tenant's documents. */
  foreignDocs: Map<string, ObjectId>;
}

export interface MaestroDbOptions {
  secretJwt: string;
  regions: string[];
  dc?: string;
  /** Documents the original discovery-api wrote for this tenant: entity and `unique_id`. */
  legacy?: Array<{ entity: string; uniqueId: string; fields?: Document }>;
  /** Another tenant's documents holding these `unique_id`s. */
  foreign?: Array<{ entity: string; uniqueId: string }>;
}

/** What a user typed in Maestro's UI on an imported document: must survive every crawl. */
export const USER_FIELDS = {
  description: 'edited in the Maestro UI',
  service_mgr: 'systemd',
} as const;
export const USER_TAG = { key: 'team', value: 'payments' } as const;

/** server-app's migrations: the inventory indexes of a Maestro install. */
export async function createServerAppIndexes(db: Db): Promise<void> {
  await db
    .collection('servers')
    .createIndex({ active: 1, 'roles._id': 1, 'roles.role': 1 }, { name: 'servers_active_role' });
  for (const coll of ['servers', 'applications', 'networks', 'volumes']) {
    await db
      .collection(coll)
      .createIndex({ unique_id: 1 }, { name: `${coll}_unique`, unique: true, sparse: true });
  }
}

function role(id: ObjectId, name: string): Document {
  return { _id: id, name, email: `${name.toLowerCase()}@example.com`, refs: 'users', role: 7 };
}

export async function seedMaestroDatabase(db: Db, opts: MaestroDbOptions): Promise<MaestroDb> {
  await createServerAppIndexes(db);
  const tenantId = new ObjectId();
  const otherTenantId = new ObjectId();
  const dcObjectId = new ObjectId();
  const dcId = dcObjectId.toHexString();
  const dc = opts.dc ?? 'Maestro AWS';
  const connectionId = await seedMaestroAwsConnection(db, {
    regions: opts.regions,
    secretJwt: opts.secretJwt,
    ownerId: tenantId,
    dc,
  });
  // server-app stores the datacenter reference as the string the UI posted.
  await db
    .collection(COLLECTIONS.connections)
    .updateOne({ _id: ObjectId.createFromHexString(connectionId) }, { $set: { dc_id: dcId } });
  await db.collection('datacenters').insertOne({
    _id: dcObjectId,
    name: dc,
    provider: 'AWS',
    regions: opts.regions,
    roles: [role(tenantId, 'Tenant')],
    owner: role(tenantId, 'Tenant'),
    active: true,
  });

  const created = new Date('2023-05-01T10:00:00Z');
  const uiServerIds = [new ObjectId(), new ObjectId()];
  await db.collection('servers').insertMany(
    uiServerIds.map((_id, i) => ({
      _id,
      hostname: `app-${i + 1}.internal`,
      ipv4_private: `10.0.0.${i + 10}`,
      ipv4_public: `203.0.113.${i + 10}`,
      os: { base: 'Linux', dist: 'Ubuntu' },
      cpu: 2,
      memory: 4,
      role: 'Application',
      environment: 'Production',
      datacenters: { _id: dcObjectId, name: dc, region: 'eu-west-3', zone: 'eu-west-3a' },
      auth: [{ name: 'ops', username: 'ubuntu', type: 'PKI' }],
      services: [{ name: 'nginx' }],
      tags: [{ key: 'owner', value: 'ops' }],
      roles: [role(tenantId, 'Tenant')],
      owner: role(tenantId, 'Tenant'),
      active: true,
      status: 'Active',
      created_at: created,
      updated_at: created,
    })),
  );

  const legacyDocs = new Map<string, ObjectId>();
  for (const l of opts.legacy ?? []) {
    const _id = new ObjectId();
    legacyDocs.set(l.uniqueId, _id);
    await db.collection(l.entity).insertOne({
      _id,
      unique_id: l.uniqueId,
      name: `old ${l.uniqueId}`,
      ...USER_FIELDS,
      tags: [{ key: 'Name', value: `old ${l.uniqueId}` }, USER_TAG],
      datacenters: { _id: dcObjectId, name: dc, provider: 'AWS', region: 'eu-west-3' },
      roles: [role(tenantId, 'Tenant')],
      owner: { refs: 'connections', name: dc, _id: ObjectId.createFromHexString(connectionId) },
      accountant: [connectionId],
      checksum: 'written-by-discovery-api',
      active: true,
      created_at: created,
      updated_at: created,
      ...l.fields,
    });
  }
  const foreignDocs = new Map<string, ObjectId>();
  for (const f of opts.foreign ?? []) {
    const _id = new ObjectId();
    foreignDocs.set(f.uniqueId, _id);
    const otherConnection = new ObjectId();
    await db.collection(f.entity).insertOne({
      _id,
      unique_id: f.uniqueId,
      name: 'the other tenant',
      datacenters: { _id: new ObjectId(), name: 'Other AWS', provider: 'AWS', region: 'eu-west-3' },
      roles: [role(otherTenantId, 'Other')],
      owner: { refs: 'connections', name: 'Other AWS', _id: otherConnection },
      accountant: [otherConnection.toHexString()],
      checksum: 'other',
      active: true,
      created_at: created,
      updated_at: created,
    });
  }
  return { connectionId, tenantId, otherTenantId, dcId, uiServerIds, legacyDocs, foreignDocs };
}
