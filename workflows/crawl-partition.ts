import {
  CancellationScope,
  ContinueAsNew,
  continueAsNew,
  getExternalWorkflowHandle,
  isCancellation,
  proxyActivities,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { CrawlSettings, ScopeOutcome } from '../activities/types.js';
import { NON_RETRYABLE_TYPES } from '../core/errors.js';
import { addCounts, zeroCounts, type Counts, type Scope, type ScopeStatus } from '../core/model.js';
import { scopeProgressSignal } from './definitions.js';
import { describeFailure } from './failures.js';

export interface PartitionState {
  token: string | undefined;
  seq: number;
  counts: Counts;
  errors: string[];
}

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
 * audit, a batch at a time, until the provider listing ends. Continues as new every
 * `partitionIterations` batches so its history stays short on any account size.
 */
export async function crawlPartition(input: PartitionInput): Promise<PartitionResult> {
  const { settings } = input;
  const retry = {
    initialInterval: '1s',
    backoffCoefficient: 2,
    maximumInterval: '30s',
    nonRetryableErrorTypes: NON_RETRYABLE_TYPES,
  };
  const fetchActs = proxyActivities<Activities>({
    startToCloseTimeout: '10m',
    heartbeatTimeout: `${settings.heartbeatTimeoutSeconds}s`,
    retry: { ...retry, maximumAttempts: settings.fetchMaxAttempts },
  });
  const acts = proxyActivities<Activities>({
    startToCloseTimeout: '5m',
    retry: { ...retry, maximumAttempts: 10 },
  });

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

  try {
    if (!input.state) await acts.setupScope({ runId: input.runId, index: input.index });
    for (let iteration = 0; ; iteration++) {
      if (iteration >= settings.partitionIterations || workflowInfo().continueAsNewSuggested) {
        await continueAsNew<typeof crawlPartition>({ ...input, state });
      }
      const page = await fetchActs.fetchPage({ ...base, token: state.token, seq: state.seq });
      state.counts = addCounts(state.counts, { pages: page.pages, items: page.items });
      if (page.items > 0) {
        const batch = { ...base, firstSeq: page.firstSeq, lastSeq: page.lastSeq };
        const t = await acts.translatePage(batch);
        if (t.records > 0) {
          const audit = await acts.auditBatch(batch);
          const insert = await acts.insertBatch(batch);
          await acts.trackBatch(batch);
          if (settings.externalAudit) await acts.externalAuditBatch(batch);
          state.counts = addCounts(addCounts(state.counts, audit), insert.corrections ?? {});
        }
        state.counts = addCounts(state.counts, { skipped: t.skipped });
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
