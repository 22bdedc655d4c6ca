import type { Collection, Db, Filter } from 'mongodb';
import type { Counts, RunStatus, Scope, ScopeStatus } from '../core/model.js';
import { COLLECTIONS } from './collections.js';
import { findPage } from './page.js';

export interface SweepOutcome {
  status: 'done' | 'guarded' | 'skipped';
  candidates: number;
  active: number;
  deactivated: number;
  reason?: string;
}

export interface ScopeRecord extends Scope, Counts {
  status: ScopeStatus;
  error?: { type: string; message: string };
  started_at?: Date;
  finished_at?: Date;
  sweep?: SweepOutcome;
}

/** `discovery_runs`: one document per crawl run (the run ledger). */
export interface RunDoc {
  _id: string;
  connection_id: string;
  tenant_id: string | undefined;
  provider: string;
  task: string;
  workflow_id: string;
  status: RunStatus;
  started_at: Date;
  finished_at?: Date;
  scopes: ScopeRecord[];
  totals?: Counts;
  error?: { type: string; message: string };
  /** Absent for a crawl; `retranslate` for a re-translation of `source_run`'s stored raw pages. */
  kind?: 'retranslate';
  source_run?: string;
}

/**
 * A page of runs, newest first (`started_at`, then `_id`, descending): of one connection or one tenant,
 * task and status, before a cursor.
 */
export interface RunPageQuery {
  connectionId?: string;
  tenantId?: string;
  task?: string;
  status?: string;
  before?: { startedAt: Date; id: string };
}

export class RunRepo {
  readonly col: Collection<RunDoc>;
  constructor(db: Db) {
    this.col = db.collection<RunDoc>(COLLECTIONS.runs);
  }

  async ensureIndexes(): Promise<void> {
    await this.col.createIndex({ connection_id: 1, started_at: -1 }, { name: 'connection_started' });
    await this.col.createIndex({ status: 1 }, { name: 'status' });
  }

  /** Idempotent: re-running the planning step leaves one document. */
  async open(run: RunDoc): Promise<void> {
    await this.col.updateOne({ _id: run._id }, { $setOnInsert: run }, { upsert: true });
  }

  async get(runId: string): Promise<RunDoc | null> {
    return this.col.findOne({ _id: runId });
  }

  /**
   * Updates fields of the scope entry at `index` (its place in the plan). An index path rather than a positional
   * `$` or arrayFilters, which some MongoDB-compatible servers (FerretDB v1) do not implement.
   */
  async patchScope(runId: string, index: number, patch: Partial<ScopeRecord>): Promise<void> {
    const set = Object.fromEntries(Object.entries(patch).map(([k, v]) => [`scopes.${index}.${k}`, v]));
    if (Object.keys(set).length > 0) await this.col.updateOne({ _id: runId }, { $set: set });
  }

  /** The run's summary, and (when given) each scope's final fields by plan index, in one update. */
  async finish(
    runId: string,
    fields: Pick<RunDoc, 'status' | 'finished_at' | 'totals'> & Partial<Pick<RunDoc, 'error'>>,
    scopes: Array<Partial<ScopeRecord>> = [],
  ): Promise<void> {
    const perScope = scopes.flatMap((patch, index) =>
      Object.entries(patch).map(([k, v]) => [`scopes.${index}.${k}`, v] as const),
    );
    await this.col.updateOne({ _id: runId }, { $set: { ...fields, ...Object.fromEntries(perScope) } });
  }

  /** The newest crawl (not re-translation) of a connection and task started after `after`, if any. */
  async laterCrawl(connectionId: string, task: string, after: Date): Promise<RunDoc | null> {
    return this.col.findOne(
      { connection_id: connectionId, task, started_at: { $gt: after }, kind: { $exists: false } },
      { sort: { started_at: -1 } },
    );
  }

  /** `limit + 1` runs from the cursor on (see store/page.ts). */
  async page(query: RunPageQuery, limit: number): Promise<RunDoc[]> {
    const and: Filter<RunDoc>[] = [];
    if (query.connectionId !== undefined) and.push({ connection_id: query.connectionId });
    if (query.tenantId !== undefined) and.push({ tenant_id: query.tenantId });
    if (query.task !== undefined) and.push({ task: query.task });
    if (query.status !== undefined) and.push({ status: query.status as RunStatus });
    const before = query.before;
    if (before !== undefined)
      and.push({
        $or: [
          { started_at: { $lt: before.startedAt } },
          { started_at: before.startedAt, _id: { $lt: before.id } },
        ],
      });
    return findPage(this.col, and, { started_at: -1, _id: -1 }, limit);
  }

  async list(connectionId: string | undefined, limit: number): Promise<RunDoc[]> {
    return this.col
      .find(connectionId ? { connection_id: connectionId } : {})
      .sort({ started_at: -1 })
      .limit(limit)
      .toArray();
  }
}
