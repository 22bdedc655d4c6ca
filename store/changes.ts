import type { Collection, Db } from 'mongodb';
import type { FieldDiff } from '../core/changes.js';
import type { ChangeKind, Entity } from '../core/model.js';
import { insertIgnoringDuplicates } from './bulk.js';
import { findByIds, updateByIds, type IdLookup } from './by-id.js';
import { COLLECTIONS } from './collections.js';

/** `discovery_changes`: one record per resource per run that changed (created/updated/deactivated/reactivated). */
export interface ChangeDoc {
  _id: string;
  connection_id: string;
  tenant_id: string | undefined;
  entity: Entity;
  unique_id: string;
  kind: ChangeKind;
  run_id: string;
  scope: string;
  batch: string;
  at: Date;
  diff: FieldDiff[];
  /** Fields removed by this change. */
  unset: string[];
  audit_sent_at?: Date;
}

/** Keyed by (run, entity, resource): writing the same change twice (a retry) is a no-op. */
export function changeId(runId: string, entity: Entity, uniqueId: string): string {
  return `${runId}|${entity}|${uniqueId}`;
}

export class ChangeRepo {
  readonly col: Collection<ChangeDoc>;
  constructor(
    db: Db,
    private readonly idLookup: IdLookup = 'in',
  ) {
    this.col = db.collection<ChangeDoc>(COLLECTIONS.changes);
  }

  async ensureIndexes(): Promise<void> {
    await this.col.createIndex(
      { connection_id: 1, entity: 1, unique_id: 1, at: -1 },
      { name: 'resource_history' },
    );
    await this.col.createIndex({ run_id: 1, batch: 1 }, { name: 'run_batch' });
  }

  async record(changes: ChangeDoc[]): Promise<void> {
    await insertIgnoringDuplicates(this.col, changes);
  }

  /** Rewrites changes already recorded (a planned creation that met an existing document). */
  async replace(changes: ChangeDoc[]): Promise<void> {
    for (const c of changes) await this.col.replaceOne({ _id: c._id }, c, { upsert: true });
  }

  async remove(ids: string[]): Promise<void> {
    for (const _id of ids) await this.col.deleteOne({ _id });
  }

  /** The changes of these resources in this run (read by `_id`). */
  async forResources(runId: string, entity: Entity, uniqueIds: string[]): Promise<ChangeDoc[]> {
    return findByIds(
      this.col,
      uniqueIds.map((u) => changeId(runId, entity, u)),
      this.idLookup,
    );
  }

  /** A resource's change history, newest first, at most `limit` entries. */
  async history(connectionId: string, entity: Entity, uniqueId: string, limit: number): Promise<ChangeDoc[]> {
    return this.col
      .find({ connection_id: connectionId, entity, unique_id: uniqueId })
      .sort({ at: -1 })
      .limit(limit)
      .toArray();
  }

  async markAudited(ids: string[], at: Date): Promise<void> {
    await updateByIds(this.col, ids, { $set: { audit_sent_at: at } }, this.idLookup);
  }
}
