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
  'ExpiredToken',
  'ExpiredTokenException',
]);
const PERMISSION_DENIED = new Set([
  'UnauthorizedOperation',
  'AccessDenied',
  'AccessDeniedException',
  'Forbidden',
]);
const REGION_DISABLED = new Set(['OptInRequired', 'InvalidRegion']);
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
}

/** AWS SDK v3 error → the typed hierarchy (architecture §6). */
export function classifyAwsError(err: unknown): DiscoveryError {
  if (err instanceof DiscoveryError) return err;
  const e = (err ?? {}) as SdkError;
  const code = e.Code ?? e.name ?? 'Error';
  const status = e.$metadata?.httpStatusCode;
  const message = `AWS ${code}${status ? ` (HTTP ${status})` : ''}: ${e.message ?? String(err)}`;
  const details = { code, ...(status ? { httpStatus: status } : {}) };
  if (INVALID_CREDENTIALS.has(code)) return new InvalidCredentialsError(message, details, err);
  if (PERMISSION_DENIED.has(code) || status === 403) return new PermissionDeniedError(message, details, err);
  if (REGION_DISABLED.has(code)) return new RegionDisabledError(message, details, err);
  if (THROTTLED.has(code) || e.$retryable?.throttling || status === 429)
    return new ThrottledError(message, undefined, err);
  return new TransientError(message, details, err);
}
