import {
  DiscoveryError,
  InvalidCredentialsError,
  PermissionDeniedError,
  RegionDisabledError,
  ThrottledError,
  TransientError,
} from '../../core/errors.js';

/** Entra ID answers that mean the connection's tenant, client id, secret or certificate is wrong. */
const INVALID_CREDENTIALS =
  /AADSTS(7000215|7000222|700016|90002|900023|700027|7000218|7000112|700024|50034)\b|invalid_client|unauthorized_client|invalid_tenant/i;
const IDENTITY_ERRORS = new Set([
  'AuthenticationError',
  'AuthenticationRequiredError',
  'CredentialUnavailableError',
]);
/** ARM codes of a subscription that cannot be read at all for now: the scope is skipped. */
const SKIPPED = new Set([
  'SubscriptionNotFound',
  'InvalidSubscriptionId',
  'SubscriptionNotRegistered',
  'MissingSubscriptionRegistration',
  'DisabledSubscription',
  'ReadOnlyDisabledSubscription',
  'SubscriptionDisabled',
  'SubscriptionWarned',
]);
const THROTTLED = new Set(['SubscriptionRequestsThrottled', 'TenantRequestsThrottled', 'TooManyRequests']);
const NETWORK = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENOTFOUND',
  'EPIPE',
  'REQUEST_SEND_ERROR',
]);

interface AzureSdkError {
  name?: string;
  code?: string;
  message?: string;
  statusCode?: number;
  details?: { error?: { code?: string; message?: string } };
  response?: { headers?: { get(name: string): string | undefined } };
}

const MAX_RETRY_AFTER_MS = 5 * 60_000;

/** ARM's `Retry-After` (seconds or an HTTP date), bounded to [1 s, 5 min]; undefined when absent. */
export function azureRetryAfterMs(err: unknown, now = Date.now()): number | undefined {
  const raw = ((err ?? {}) as AzureSdkError).response?.headers?.get('retry-after');
  if (!raw) return undefined;
  const ms = /^\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw) * 1000 : Date.parse(raw) - now;
  if (!Number.isFinite(ms) || ms <= 0) return undefined;
  return Math.min(Math.max(Math.round(ms), 1000), MAX_RETRY_AFTER_MS);
}

/** The ARM error code: the body's `error.code`, else the SDK's `code`. */
export function azureErrorCode(err: unknown): string | undefined {
  const e = (err ?? {}) as AzureSdkError;
  return e.details?.error?.code ?? e.code;
}

/**
 * Azure SDK / @azure/identity error → the typed hierarchy (architecture §6):
 *
 * | Azure                                                                 | type               | scope / retry                |
 * |-----------------------------------------------------------------------|--------------------|------------------------------|
 * | Entra ID: AADSTS7000215 (secret), 700016 (client), 90002 (tenant)…     | InvalidCredentials | connection `danger`          |
 * | ARM 401 (token refused)                                               | InvalidCredentials | failed, not retried          |
 * | ARM 403 `AuthorizationFailed` (any 403)                               | PermissionDenied   | `unauthorized`, no sweep     |
 * | `SubscriptionNotFound`, not registered, disabled subscription         | RegionDisabled     | `skipped`, no sweep          |
 * | 429 / `SubscriptionRequestsThrottled`                                 | Throttled          | retried after `Retry-After`  |
 * | 5xx, 408, network errors                                              | Transient          | retried                      |
 */
export function classifyAzureError(err: unknown): DiscoveryError {
  if (err instanceof DiscoveryError) return err;
  const e = (err ?? {}) as AzureSdkError;
  const message = e.details?.error?.message ?? e.message ?? String(err);
  const code = azureErrorCode(err);
  const details = { code, status: e.statusCode };
  if (e.name && IDENTITY_ERRORS.has(e.name)) {
    if (INVALID_CREDENTIALS.test(e.message ?? ''))
      return new InvalidCredentialsError(`Azure sign-in refused: ${firstLine(e.message)}`, details, err);
    return new TransientError(`Azure sign-in failed: ${firstLine(e.message)}`, details, err);
  }
  if (code && SKIPPED.has(code)) return new RegionDisabledError(`Azure: ${code}: ${message}`, details, err);
  if (e.statusCode === 429 || (code && THROTTLED.has(code)))
    return new ThrottledError(`Azure throttled: ${message}`, azureRetryAfterMs(err), err);
  if (e.statusCode === 401)
    return new InvalidCredentialsError(`Azure refused the token: ${message}`, details, err);
  if (e.statusCode === 403)
    return new PermissionDeniedError(`Azure: ${code ?? 'Forbidden'}: ${message}`, details, err);
  if (e.statusCode === 404 && code === 'SubscriptionNotFound')
    return new RegionDisabledError(`Azure: ${message}`, details, err);
  if ((e.statusCode !== undefined && e.statusCode >= 500) || e.statusCode === 408)
    return new TransientError(`Azure ${e.statusCode}: ${message}`, details, err);
  if (e.statusCode === undefined && (e.name === 'AbortError' || (e.code && NETWORK.has(e.code))))
    return new TransientError(`Azure unreachable: ${message}`, details, err);
  if (e.statusCode === undefined && e.name === 'RestError')
    return new TransientError(`Azure request failed: ${message}`, details, err);
  return new DiscoveryError('BadProviderData', `Azure: ${code ?? e.name ?? 'error'}: ${message}`, {
    details,
    cause: err,
  });
}

function firstLine(text: string | undefined): string {
  // MSAL messages carry trace and correlation ids on later lines: the first says what went wrong.
  return (text ?? '')
    .split('\n')[0]!
    .replace(/ Trace ID: .*$/, '')
    .slice(0, 300);
}
