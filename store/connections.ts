import type { Collection, Db, ObjectId } from 'mongodb';
import type { EncryptedBlob } from '../core/crypto.js';
import { NotFoundError } from '../core/errors.js';
import { COLLECTIONS } from './collections.js';
import { storedId } from './object-id.js';

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

  /** `connections.process.<task> = {state, msg}` (spec §8.1): what Maestro's UI and scheduler read. */
  async setStatus(id: string, task: string, state: ConnectionState, msg: string, at: Date): Promise<void> {
    const text = `${msg} At ${at.toISOString()}`;
    await this.col.updateOne(connectionIdFilter(id), { $set: { [`process.${task}`]: { state, msg: text } } });
  }
}
