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

/**
 * Short database steps: 5 min each, 10 attempts, and a heartbeat timeout. The worker heartbeats every
 * running attempt (worker/activity-deadlines.ts), so an attempt whose worker died is retried after the
 * heartbeat timeout instead of the 5 min start-to-close timeout, and a cancelled one hears of it.
 */
function databaseStep(heartbeatTimeoutSeconds: number): ActivityOptions {
  return { startToCloseTimeout: '5m', heartbeatTimeout: `${heartbeatTimeoutSeconds}s`, retry: retry(10) };
}

/** The parent workflows' heartbeat timeout (they start before any setting is known): the default's. */
const PARENT_HEARTBEAT_TIMEOUT_SECONDS = 30;

/** The activities of the parent workflows (crawlConnection, retranslateRun). */
export function parentActivities() {
  return proxyActivities<Activities>(databaseStep(PARENT_HEARTBEAT_TIMEOUT_SECONDS));
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
    steps: proxyActivities<Activities>(databaseStep(settings.heartbeatTimeoutSeconds)),
  };
}

/** The activity handles a workflow calls (what `proxyActivities<Activities>` returns). */
export type ActivityHandles = ReturnType<typeof parentActivities>;
