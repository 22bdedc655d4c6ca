import { ApplicationFailure } from '@temporalio/common';
import { DiscoveryError, NON_RETRYABLE_TYPES, ThrottledError, TransientError } from '../core/errors.js';

/**
 * The Temporal edge of the error hierarchy: one conversion to ApplicationFailure, whose `type` is what
 * workflows branch on and whose retryability follows the error class.
 */
export function toApplicationFailure(
  err: unknown,
  classify?: (e: unknown) => DiscoveryError,
): ApplicationFailure {
  if (err instanceof ApplicationFailure) return err;
  const typed =
    err instanceof DiscoveryError
      ? err
      : classify
        ? classify(err)
        : new TransientError(err instanceof Error ? err.message : String(err));
  const nonRetryable = NON_RETRYABLE_TYPES.includes(typed.type) || !typed.retryable;
  return ApplicationFailure.create({
    type: typed.type,
    message: typed.message,
    nonRetryable,
    details: [typed.details],
    ...(typed instanceof ThrottledError && typed.retryAfterMs ? { nextRetryDelay: typed.retryAfterMs } : {}),
  });
}

/** Runs an activity body and converts whatever it throws at the Temporal edge. */
export async function atEdge<T>(
  body: () => Promise<T>,
  classify?: (e: unknown) => DiscoveryError,
): Promise<T> {
  try {
    return await body();
  } catch (err) {
    throw toApplicationFailure(err, classify);
  }
}
