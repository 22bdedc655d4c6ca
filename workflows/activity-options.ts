import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { NON_RETRYABLE_TYPES } from '../core/errors.js';

/**
 * The activities of the parent workflows (crawlConnection, retranslateRun): short database steps,
 * retried with backoff; the typed errors that cannot succeed on retry are not retried.
 */
export function parentActivities() {
  return proxyActivities<Activities>({
    startToCloseTimeout: '5m',
    retry: {
      initialInterval: '1s',
      maximumInterval: '30s',
      maximumAttempts: 10,
      nonRetryableErrorTypes: NON_RETRYABLE_TYPES,
    },
  });
}
