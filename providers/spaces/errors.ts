import {
  DiscoveryError,
  InvalidCredentialsError,
  PermissionDeniedError,
  ThrottledError,
  TransientError,
} from '../../core/errors.js';

interface S3Error {
  name?: string;
  Code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  $response?: { headers?: Record<string, string | undefined> };
}

const INVALID_CREDENTIALS = new Set([
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'AuthorizationHeaderMalformed',
]);

/**
 * Spaces (S3 API) error → the typed hierarchy (docs/digitalocean.md "Errors"): unknown key or bad
 * signature → InvalidCredentials; AccessDenied / 403 → PermissionDenied (scope `unauthorized`);
 * SlowDown / 503 / 429 → Throttled (after `Retry-After` when sent); anything else, including an
 * unreachable regional endpoint, → Transient (retried, then the scope `failed`).
 */
export function classifySpacesError(err: unknown): DiscoveryError {
  if (err instanceof DiscoveryError) return err;
  const e = (err ?? {}) as S3Error;
  const code = e.Code ?? e.name ?? 'Error';
  const status = e.$metadata?.httpStatusCode;
  const message = `Spaces ${code}${status ? ` (HTTP ${status})` : ''}: ${e.message ?? String(err)}`;
  const details = { code, ...(status ? { httpStatus: status } : {}) };
  if (INVALID_CREDENTIALS.has(code)) return new InvalidCredentialsError(message, details, err);
  if (code === 'AccessDenied' || status === 403) return new PermissionDeniedError(message, details, err);
  if (code === 'SlowDown' || status === 503 || status === 429) {
    const after = Number(e.$response?.headers?.['retry-after']);
    return new ThrottledError(message, Number.isFinite(after) && after > 0 ? after * 1000 : undefined, err);
  }
  return new TransientError(message, details, err);
}
