import {
  DiscoveryError,
  InvalidCredentialsError,
  PermissionDeniedError,
  RegionDisabledError,
  ThrottledError,
  TransientError,
} from '../../core/errors.js';
import { OpenStackApiError } from './http.js';

const MAX_RETRY_AFTER_MS = 5 * 60_000;
/** undici / Node network failures: the endpoint is down or slow, a retry may work. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);

function codeOf(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; e && typeof e === 'object' && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * OpenStack errors → the typed hierarchy (architecture §6):
 *
 * | OpenStack                                                | type               | scope / retry                  |
 * |----------------------------------------------------------|--------------------|--------------------------------|
 * | Keystone refuses the credentials (401/404 on auth)        | InvalidCredentials | connection `danger`            |
 * | a service answers 401 again after a renewed token         | InvalidCredentials | connection `danger`            |
 * | 403 (policy: no role for this service / region)           | PermissionDenied   | `unauthorized`, nothing swept  |
 * | service missing from the region's catalog; 404 on a list  | RegionDisabled     | `skipped`                      |
 * | 413 / 429 (overLimit, rate limit) with Retry-After        | Throttled          | retried after the delay        |
 * | 5xx, network errors, timeouts, 409                        | Transient          | retried                        |
 * | 400 (bad marker, bad request) and anything else           | BadProviderData    | failed, not retried            |
 */
export function classifyOpenStackError(err: unknown): DiscoveryError {
  if (err instanceof DiscoveryError) return err;
  if (err instanceof OpenStackApiError) {
    const details = { service: err.service, status: err.status, path: err.path };
    const s = err.status;
    if (s === 401)
      return new InvalidCredentialsError(`${err.service} refused a fresh token: ${err.detail}`, details, err);
    if (s === 403) return new PermissionDeniedError(err.message, details, err);
    if (s === 404) return new RegionDisabledError(err.message, details, err);
    if (s === 413 || s === 429) {
      const ms =
        err.retryAfterSec === undefined
          ? undefined
          : Math.min(Math.max(err.retryAfterSec * 1000, 1000), MAX_RETRY_AFTER_MS);
      return new ThrottledError(err.message, ms, err);
    }
    if (s >= 500 || s === 408 || s === 409) return new TransientError(err.message, details, err);
    return new DiscoveryError('BadProviderData', err.message, { details, cause: err });
  }
  const code = codeOf(err);
  if (
    (code && NETWORK_CODES.has(code)) ||
    (err instanceof Error && /fetch failed|socket|network|terminated/i.test(err.message))
  )
    return new TransientError(err instanceof Error ? err.message : String(err), { code }, err);
  if (err instanceof SyntaxError)
    return new TransientError(`truncated or invalid JSON: ${err.message}`, {}, err);
  return new DiscoveryError('BadProviderData', err instanceof Error ? err.message : String(err), {
    cause: err,
  });
}
