import { SignJWT } from 'jose';
import { ObjectId, type Db } from 'mongodb';
import { encryptJson } from '../../core/crypto.js';
import { COLLECTIONS } from '../../store/collections.js';
import type { ConnectionDoc } from '../../store/connections.js';

export interface SeedConnectionOptions {
  regions: string[];
  secretJwt: string;
  access?: string;
  secret?: string;
  ownerId?: ObjectId;
  dc?: string;
}

/** A connection in Maestro's format: credentials as an HS256 JWT in `conn` (spec §3.2). */
export async function seedMaestroAwsConnection(db: Db, opts: SeedConnectionOptions): Promise<string> {
  return seedMaestroConnection(db, {
    ...opts,
    provider: 'AWS',
    service: 'iam_aws',
    credentials: { access: opts.access ?? 'testing', secret: opts.secret ?? 'testing' },
  });
}

/** A Maestro-format connection of the synthetic provider (bench/synthetic-server.ts). */
export async function seedSyntheticConnection(db: Db, opts: SeedConnectionOptions): Promise<string> {
  return seedMaestroConnection(db, {
    ...opts,
    provider: 'Synthetic',
    service: 'synthetic',
    credentials: { token: 'x' },
  });
}

export async function seedMaestroConnection(
  db: Db,
  opts: SeedConnectionOptions & { provider: string; service: string; credentials: Record<string, unknown> },
): Promise<string> {
  const _id = new ObjectId();
  const ownerId = opts.ownerId ?? new ObjectId();
  const conn = await new SignJWT(opts.credentials)
    .setProtectedHeader({ alg: 'HS256' })
    .sign(new TextEncoder().encode(opts.secretJwt));
  const doc: ConnectionDoc = {
    _id,
    provider: opts.provider,
    service: opts.service,
    dc: opts.dc ?? 'Sample AWS',
    dc_id: new ObjectId(),
    conn,
    regions: opts.regions,
    owner_user: { _id: ownerId, name: 'Demo tenant', email: 'demo@example.com', refs: 'users' },
    roles: [{ _id: ownerId, name: 'Demo tenant', email: 'demo@example.com', role: 7, refs: 'users' }],
    status: 'enabled',
    active: true,
  };
  await db.collection<ConnectionDoc>(COLLECTIONS.connections).insertOne(doc);
  return _id.toHexString();
}

/** A connection in Discovery's own format: credentials AES-256-GCM encrypted with DISCOVERY_ENCRYPTION_KEY. */
export async function seedEncryptedAwsConnection(
  db: Db,
  opts: SeedConnectionOptions & { encryptionKey: string },
): Promise<string> {
  const _id = new ObjectId();
  const ownerId = opts.ownerId ?? new ObjectId();
  const doc: ConnectionDoc = {
    _id,
    provider: 'AWS',
    service: 'iam_aws',
    dc: opts.dc ?? 'Sample AWS',
    credentials: encryptJson(
      { access: opts.access ?? 'testing', secret: opts.secret ?? 'testing' },
      opts.encryptionKey,
      _id.toHexString(),
    ),
    regions: opts.regions,
    owner_user: { _id: ownerId, name: 'Tenant', refs: 'users' },
    roles: [{ _id: ownerId, name: 'Tenant', role: 7, refs: 'users' }],
  };
  await db.collection<ConnectionDoc>(COLLECTIONS.connections).insertOne(doc);
  return _id.toHexString();
}
