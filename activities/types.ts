import type { Counts, RunStatus, Scope } from '../core/model.js';
import type { ScopeRecord, SweepOutcome } from '../store/runs.js';

/**
 * Inputs and results of every activity: ids, tokens and counters only, never resources, so a payload
 * stays small whatever the account size. These types are shared with the workflows (type-only imports).
 */
export interface ScopeInput {
  runId: string;
  connectionId: string;
  task: string;
  scope: Scope;
}

export interface PlanInput {
  connectionId: string;
  task: string;
  runId: string;
  workflowId: string;
}

export interface CrawlSettings {
  fetchMaxAttempts: number;
  scopeConcurrency: number;
  sweepGuardShare: number;
  sweepGuardMin: number;
  externalAudit: boolean;
  partitionIterations: number;
  heartbeatTimeoutSeconds: number;
}

export interface PlanResult {
  provider: string;
  ownerId: string | undefined;
  scopes: Scope[];
  settings: CrawlSettings;
}

export interface FetchInput extends ScopeInput {
  /** Page token to start from (undefined: first page). */
  token: string | undefined;
  /** Sequence number the first stored page gets. */
  seq: number;
}

export interface FetchResult {
  firstSeq: number;
  lastSeq: number;
  pages: number;
  items: number;
  nextToken: string | undefined;
  /** Pages fetched in earlier attempts of this activity and kept (resumed from a heartbeat). */
  resumedPages: number;
}

export interface BatchInput extends ScopeInput {
  /** The batch is named by the first raw page it was translated from. */
  firstSeq: number;
  lastSeq: number;
  /** Run whose raw pages are translated, when not `runId` (a re-translation reads an earlier run's pages). */
  rawRunId?: string;
}

export interface TranslateResult {
  records: number;
  skipped: number;
  errors: string[];
}

/** `corrections`: counts to add to the audit's, when planned inserts met stored documents. */
export interface InsertResult {
  written: number;
  corrections?: Partial<Counts>;
}

export type AuditResult = Pick<
  Counts,
  'created' | 'updated' | 'unchanged' | 'deactivated' | 'reactivated'
> & {
  /** Of the unchanged, those recognised from the tracker's checksums without an inventory read. */
  trusted?: number;
};

/** What a scope reports when it ends; timestamps are taken by the activity. */
export type ScopeOutcome = Pick<ScopeRecord, 'status' | 'error'> & Counts;

export interface ScopeLedgerInput {
  runId: string;
  index: number;
  outcome?: ScopeOutcome;
}

export interface SweepInput extends ScopeInput {
  index: number;
  /** Deactivations already counted for the scope (provider said gone). */
  deactivatedBefore: number;
  guardShare: number;
  guardMin: number;
  force: boolean;
}

export interface FinishInput {
  runId: string;
  connectionId: string;
  task: string;
  status: RunStatus;
  totals: Counts;
  error?: { type: string; message: string };
  /**
   * Each scope's final outcome, by plan index, as the workflow knows it: written again with the summary,
   * in one update. The partitions close their scopes concurrently (one update each on the run
   * document); a server that applies those as read-modify-write of the whole document (FerretDB v1)
   * can lose one, and the ledger would show a scope's counters as zero.
   */
  scopes?: Array<Pick<ScopeRecord, keyof Counts | 'status' | 'error' | 'sweep'>>;
}

export type { SweepOutcome };

export interface RetranslateInput {
  /** The run whose stored raw pages are translated again. */
  sourceRunId: string;
  /** Re-translate even if a later crawl of the same connection and task exists (its newer data is overwritten). */
  force?: boolean;
}

export interface RetranslatePlanInput extends RetranslateInput {
  /** The new run (the retranslate workflow's run id) and its workflow id. */
  runId: string;
  workflowId: string;
}

/** A batch of consecutive raw pages of the source run, `items` items in all. */
export interface RawBatch {
  firstSeq: number;
  lastSeq: number;
  pages: number;
  items: number;
}

export interface RetranslatePlan {
  connectionId: string;
  task: string;
  /** Where the raw pages are (the source run, or its own source when it was itself a re-translation). */
  rawRunId: string;
  scopes: Array<{ scope: Scope; batches: RawBatch[] }>;
  externalAudit: boolean;
}
