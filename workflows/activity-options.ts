import { proxyActivities, type ActivityOptions, type RetryPolicy } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { CrawlSettings } from '../activities/types.js';
import { NON_RETRYABLE_TYPES } from '../core/errors.js';

/**
 * The one retry policy of every activity: 1 s doubling to 30 s; the typed errors that cannot succeed on
 * retry are not retried. `maximumAttempts` is the only thing that differs between steps.
 */
function retry(maximumAttempts: number): RetryPolicy {
  return {
    initialInterval: '1s',
    backoffCoefficient: 2,
    maximumInterval: '30s',
    maximumAttempts,
    nonRetryableErrorTypes: NON_RETRYABLE_TYPES,
  };
}

/** Short database steps: 5 min each, 10 attempts. */
const DATABASE_STEP: ActivityOptions = { startToCloseTimeout: '5m', retry: retry(10) };

/** The activities of the parent workflows (crawlConnection, retranslateRun) and of a partition's database steps. */
export function parentActivities() {
  return proxyActivities<Activities>(DATABASE_STEP);
}

/** A crawl partition's activities: `fetch` for `fetchPage` (heartbeated, long), `steps` for the rest. */
export function partitionActivities(
  settings: Pick<CrawlSettings, 'heartbeatTimeoutSeconds' | 'fetchMaxAttempts'>,
) {
  return {
    fetch: proxyActivities<Activities>({
      startToCloseTimeout: '10m',
      heartbeatTimeout: `${settings.heartbeatTimeoutSeconds}s`,
      retry: retry(settings.fetchMaxAttempts),
    }),
    steps: proxyActivities<Activities>(DATABASE_STEP),
  };
}

/** The activity handles a workflow calls (what `proxyActivities<Activities>` returns). */
export type ActivityHandles = ReturnType<typeof parentActivities>;
