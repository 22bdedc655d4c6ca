import {
  DiscoveryError,
  InvalidCredentialsError,
  PermissionDeniedError,
  RegionDisabledError,
  ThrottledError,
  TransientError,
} from '../../core/errors.js';

const INVALID_CREDENTIALS = new Set([
  'AuthFailure',
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'UnrecognizedClientException',
  'InvalidAccessKeyId',
]);
/** The session token expired: final for keys the user gave, renewable for roles Discovery assumed. */
const EXPIRED_TOKEN = new Set(['ExpiredToken', 'ExpiredTokenException', 'TokenRefreshRequired']);
const PERMISSION_DENIED = new Set([
  'UnauthorizedOperation',
  'AccessDenied',
  'AccessDeniedException',
  'Forbidden',
  // ListAccounts from an account outside any organization: the connection's `organization` is wrong.
  'AWSOrganizationsNotInUseException',
]);
const REGION_DISABLED = new Set(['OptInRequired', 'InvalidRegion', 'RegionDisabledException']);
const THROTTLED = new Set([
  'Throttling',
  'ThrottlingException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'RequestThrottled',
  'SlowDown',
]);

interface SdkError {
  name?: string;
  Code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  $retryable?: { throttling?: boolean };
  $response?: { headers?: Record<string, string | undefined> };
  /** Set by AwsClients when it dropped the expired assumed credentials: a retry gets fresh ones. */
  $credentialsRenewed?: boolean;
}

function codeOf(err: unknown): string {
  const e = (err ?? {}) as SdkError;
  return e.Code ?? e.name ?? 'Error';
}

export function isExpiredTokenError(err: unknown): boolean {
  return EXPIRED_TOKEN.has(codeOf(err));
}

/** Marks an expired-token error whose credentials AwsClients renewed (see `classifyAwsError`). */
export function markRenewed(err: unknown): void {
  if (err && typeof err === 'object') (err as SdkError).$credentialsRenewed = true;
}

const MAX_RETRY_AFTER_MS = 5 * 60_000;

/** The provider's `Retry-After` (seconds or an HTTP date), bounded; undefined when absent. */
export function retryAfterMs(err: unknown, now = Date.now()): number | undefined {
  const raw = ((err ?? {}) as SdkError).$response?.headers?.['retry-after'];
  if (!raw) return undefined;
  const ms = /^\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw) * 1000 : Date.parse(raw) - now;
  if (!Number.isFinite(ms) || ms <= 0) return undefined;
  return Math.min(Math.max(Math.round(ms), 1000), MAX_RETRY_AFTER_MS);
}

/**
 * AWS SDK v3 error → the typed hierarchy (architecture §6):
 *
 * | AWS                                                   | type               | scope / retry                      |
 * |-------------------------------------------------------|--------------------|------------------------------------|
 * | AuthFailure, InvalidClientTokenId, SignatureDoesNotMatch… | InvalidCredentials | failed, not retried             |
 * | ExpiredToken of keys the user gave                    | InvalidCredentials | failed, not retried                |
 * | ExpiredToken of an assumed role (renewed by AwsClients) | Transient        | retried with fresh credentials     |
 * | AccessDenied, UnauthorizedOperation, HTTP 403         | PermissionDenied   | unauthorized, nothing deactivated  |
 * | OptInRequired, InvalidRegion (region not enabled)     | RegionDisabled     | skipped, nothing deactivated       |
 * | Throttling, RequestLimitExceeded…, HTTP 429           | Throttled          | retried after Retry-After or backoff |
 * | anything else (5xx, network, timeouts)                | Transient          | retried, bounded attempts          |
 */
export function classifyAwsError(err: unknown): DiscoveryError {
  if (err instanceof DiscoveryError) return err;
  const e = (err ?? {}) as SdkError;
  const code = codeOf(err);
  const status = e.$metadata?.httpStatusCode;
  const message = `AWS ${code}${status ? ` (HTTP ${status})` : ''}: ${e.message ?? String(err)}`;
  const details = { code, ...(status ? { httpStatus: status } : {}) };
  if (EXPIRED_TOKEN.has(code)) {
    return e.$credentialsRenewed
      ? new TransientError(`${message} (assumed-role credentials renewed; retrying)`, details, err)
      : new InvalidCredentialsError(message, details, err);
  }
  if (INVALID_CREDENTIALS.has(code)) return new InvalidCredentialsError(message, details, err);
  if (PERMISSION_DENIED.has(code) || status === 403) return new PermissionDeniedError(message, details, err);
  if (REGION_DISABLED.has(code)) return new RegionDisabledError(message, details, err);
  if (THROTTLED.has(code) || e.$retryable?.throttling || status === 429)
    return new ThrottledError(message, retryAfterMs(err), err);
  return new TransientError(message, details, err);
}
