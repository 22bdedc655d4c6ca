import {
  CancellationScope,
  ContinueAsNew,
  continueAsNew,
  getExternalWorkflowHandle,
  isCancellation,
  patched,
  workflowInfo,
} from '@temporalio/workflow';
import type { CrawlSettings, FetchResult, ScopeOutcome, TranslateResult } from '../activities/types.js';
import { addCounts, zeroCounts, type Counts, type Scope, type ScopeStatus } from '../core/model.js';
import { partitionActivities } from './activity-options.js';
import { applyBatch } from './apply-batch.js';
import { scopeProgressSignal } from './definitions.js';
import { describeFailure } from './failures.js';

/** A fetched batch and its translation (none when the fetch found no items). */
interface Fetched {
  page: FetchResult;
  translated: TranslateResult | undefined;
}

export interface PartitionState {
  token: string | undefined;
  seq: number;
  counts: Counts;
  errors: string[];
  /** A batch fetched ahead of the state's position and not processed yet (carried across continue-as-new). */
  pending?: Fetched;
}

/**
 * `patched()` id of the pipelined loop: the next batch's fetch and translation run while the current
 * batch is audited and written, and `trackBatch` runs only when the audit found unchanged records.
 */
const PIPELINE_PATCH = 'partition-pipeline-1';

/**
 * `patched()` id of skipping `insertBatch` for a batch whose audit found nothing to write (an unchanged
 * re-crawl's batches): the audit has marked its tracker chunk applied already.
 */
const SKIP_EMPTY_INSERT_PATCH = 'partition-skip-empty-insert-1';

export interface PartitionInput {
  runId: string;
  connectionId: string;
  task: string;
  scope: Scope;
  index: number;
  parentWorkflowId: string;
  settings: CrawlSettings;
  /** Carried across continue-as-new. */
  state?: PartitionState;
}

export interface PartitionResult {
  index: number;
  status: ScopeStatus;
  counts: Counts;
  error?: { type: string; message: string };
}

const PROGRESS_EVERY_MS = 2_000;

const STATUS_BY_FAILURE: Record<string, ScopeStatus> = {
  PermissionDenied: 'unauthorized',
  RegionDisabled: 'skipped',
};

/**
 * One partition (command × region) of a crawl: fetch → translate → audit → insert → track → external
 * audit, a batch at a time, until the provider listing ends; the next batch's fetch and translation
 * overlap the current batch's audit and writes. Continues as new every `partitionIterations` batches so
 * its history stays short on any account size.
 */
export async function crawlPartition(input: PartitionInput): Promise<PartitionResult> {
  const { settings } = input;
  const { fetch: fetchActs, steps: acts } = partitionActivities(settings);

  const base = { runId: input.runId, connectionId: input.connectionId, task: input.task, scope: input.scope };
  const state: PartitionState = input.state ?? { token: undefined, seq: 0, counts: zeroCounts(), errors: [] };
  const parent = getExternalWorkflowHandle(input.parentWorkflowId);
  let lastReport = 0;
  const report = async (force: boolean) => {
    if (!force && Date.now() - lastReport < PROGRESS_EVERY_MS) return;
    lastReport = Date.now();
    await parent.signal(scopeProgressSignal, { index: input.index, counts: state.counts });
  };

  const close = async (
    status: ScopeStatus,
    error?: { type: string; message: string },
  ): Promise<PartitionResult> => {
    const outcome: ScopeOutcome = { status, ...state.counts, ...(error ? { error } : {}) };
    await CancellationScope.nonCancellable(() =>
      acts.closeScope({ runId: input.runId, index: input.index, outcome }),
    );
    return { index: input.index, status, counts: state.counts, ...(error ? { error } : {}) };
  };

  /** A batch's fetch and, when it has items, its translation: what can run ahead of the batch before it. */
  const fetchAndTranslate = async (token: string | undefined, seq: number): Promise<Fetched> => {
    const page = await fetchActs.fetchPage({ ...base, token, seq });
    const batch = { ...base, firstSeq: page.firstSeq, lastSeq: page.lastSeq };
    return { page, translated: page.items > 0 ? await acts.translatePage(batch) : undefined };
  };
  // Histories recorded before this patch ran each batch's steps strictly one after another and always
  // tracked; replaying them takes that path.
  const pipelined = patched(PIPELINE_PATCH);
  const skipEmptyInsert = patched(SKIP_EMPTY_INSERT_PATCH);

  try {
    if (!input.state) await acts.setupScope({ runId: input.runId, index: input.index });
    let next: Promise<Fetched> | undefined = state.pending ? Promise.resolve(state.pending) : undefined;
    for (let iteration = 0; ; iteration++) {
      if (iteration >= settings.partitionIterations || workflowInfo().continueAsNewSuggested) {
        // A batch fetched ahead goes with the state (its pages are stored; only the reference travels).
        const pending = next ? await next : undefined;
        await continueAsNew<typeof crawlPartition>({ ...input, state: { ...state, pending } });
      }
      const current = next ?? fetchAndTranslate(state.token, state.seq);
      next = undefined;
      const { page, translated: t } = await current;
      if (pipelined && page.nextToken) {
        // The next batch's fetch and translation run while this one is audited and written.
        next = fetchAndTranslate(page.nextToken, page.lastSeq + 1);
        // Its failure surfaces when it is awaited, after this batch is applied.
        next.catch(() => undefined);
      }
      state.counts = addCounts(state.counts, { pages: page.pages, items: page.items });
      if (t) {
        const batch = { ...base, firstSeq: page.firstSeq, lastSeq: page.lastSeq };
        const added = await applyBatch(acts, batch, t, {
          // Only unchanged records the audit read are marked seen; trusted ones are not written.
          track: (audit) => !pipelined || audit.unchanged - (audit.trusted ?? 0) > 0,
          externalAudit: settings.externalAudit,
          skipEmptyInsert,
        });
        state.counts = addCounts(state.counts, added);
        state.errors = [...state.errors, ...t.errors].slice(0, 10);
      }
      state.seq = page.lastSeq + 1;
      state.token = page.nextToken;
      if (!page.nextToken) break;
      await report(false);
    }
    return await close('completed');
  } catch (err) {
    if (err instanceof ContinueAsNew) throw err;
    if (isCancellation(err)) {
      await close('cancelled');
      throw err;
    }
    const failure = describeFailure(err);
    return close(STATUS_BY_FAILURE[failure.type] ?? 'failed', failure);
  }
}
