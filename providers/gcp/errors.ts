/**
 * Google errors → the typed hierarchy (core/errors.ts), in one table. The clients surface a failed call
 * as a Gaxios error (HTTP status in `code`, Google's JSON body in `message`, Compute/Resource Manager)
 * or a Storage ApiError (`code`, `errors[]`), and sometimes as a gax GoogleError (gRPC code); all are
 * read down to (HTTP status, Google status, reasons):
 *
 * | Google says                                                       | typed error                        |
 * | ----------------------------------------------------------------- | ---------------------------------- |
 * | 401 / UNAUTHENTICATED; a key the auth library cannot sign with    | InvalidCredentials (conn. danger)  |
 * | 403 with ErrorInfo SERVICE_DISABLED / reason accessNotConfigured  | skipped, with Google's reason      |
 * | 403 / PERMISSION_DENIED (project not readable by the key)         | PermissionDenied → `unauthorized`  |
 * | 404 / NOT_FOUND (project gone)                                    | skipped                            |
 * | 429 / RESOURCE_EXHAUSTED / rateLimitExceeded                      | Throttled (Retry-After honoured)   |
 * | 5xx, UNAVAILABLE, DEADLINE_EXCEEDED, network errors, timeouts     | Transient                          |
 * | anything else                                                     | Transient (retried, then failed)   |
 */
import {
  DiscoveryError,
  InvalidCredentialsError,
  PermissionDeniedError,
  RegionDisabledError,
  ThrottledError,
  TransientError,
  errorMessage,
} from '../../core/errors.js';

interface GoogleErrorBody {
  code?: number;
  message?: string;
  status?: string;
  errors?: Array<{ reason?: string; message?: string }>;
  details?: Array<{ '@type'?: string; reason?: string; metadata?: Record<string, string> }>;
}

/** gRPC codes gax uses, by name. */
const GRPC: Record<number, string> = {
  4: 'DEADLINE_EXCEEDED',
  5: 'NOT_FOUND',
  7: 'PERMISSION_DENIED',
  8: 'RESOURCE_EXHAUSTED',
  14: 'UNAVAILABLE',
  16: 'UNAUTHENTICATED',
};

const NETWORK = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
]);

export interface GoogleFailure {
  http: number | undefined;
  status: string | undefined;
  reasons: string[];
  message: string;
  retryAfterMs: number | undefined;
}

function parseBody(text: unknown): GoogleErrorBody | undefined {
  if (typeof text !== 'string' || !text.startsWith('{')) return undefined;
  try {
    return (JSON.parse(text) as { error?: GoogleErrorBody }).error;
  } catch {
    return undefined;
  }
}

function header(headers: unknown, name: string): string | undefined {
  if (!headers || typeof headers !== 'object') return undefined;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const v = (headers as Record<string, unknown>)[name];
  return typeof v === 'string' ? v : undefined;
}

function retryAfterMs(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/** What a client error says, whichever client threw it. */
export function readGoogleError(err: unknown): GoogleFailure {
  const e = (err ?? {}) as {
    code?: unknown;
    status?: unknown;
    message?: unknown;
    errors?: Array<{ reason?: string }>;
    reason?: string;
    statusDetails?: Array<{ reason?: string }>;
    response?: { status?: number; headers?: unknown; data?: unknown };
  };
  const body = parseBody(e.message) ?? parseBody(e.response?.data);
  const code = typeof e.code === 'number' ? e.code : undefined;
  const http =
    body?.code ??
    e.response?.status ??
    (code !== undefined && code >= 100 ? code : undefined) ??
    (typeof e.status === 'number' ? e.status : undefined);
  const grpc = code !== undefined && code < 100 ? GRPC[code] : undefined;
  const reasons = [
    ...(body?.errors ?? e.errors ?? []).map((x) => x.reason),
    ...(body?.details ?? []).map((d) => d.reason),
    ...(e.statusDetails ?? []).map((d) => d.reason),
    e.reason,
  ].filter((r): r is string => typeof r === 'string' && r !== '');
  return {
    http,
    status: body?.status ?? grpc,
    reasons,
    message: body?.message ?? errorMessage(err),
    retryAfterMs: retryAfterMs(header(e.response?.headers, 'retry-after')),
  };
}

export function classifyGcpError(err: unknown): DiscoveryError {
  if (err instanceof DiscoveryError) return err;
  const f = readGoogleError(err);
  const details = { http: f.http, status: f.status, reasons: f.reasons };
  const has = (...r: string[]): boolean => r.some((x) => f.reasons.includes(x));
  const netCode = (err as { code?: unknown; cause?: { code?: unknown } } | undefined)?.code;
  const causeCode = (err as { cause?: { code?: unknown } } | undefined)?.cause?.code;

  if (f.http === 401 || f.status === 'UNAUTHENTICATED' || has('authError', 'ACCESS_TOKEN_EXPIRED'))
    return new InvalidCredentialsError(`Google refused the service-account key: ${f.message}`, details, err);
  if (has('SERVICE_DISABLED', 'accessNotConfigured'))
    return new RegionDisabledError(
      `API disabled in the project (SERVICE_DISABLED): ${f.message}`,
      details,
      err,
    );
  if (f.http === 403 || f.status === 'PERMISSION_DENIED')
    return new PermissionDeniedError(`permission denied: ${f.message}`, details, err);
  if (f.http === 404 || f.status === 'NOT_FOUND')
    return new RegionDisabledError(`not found (project deleted or not visible): ${f.message}`, details, err);
  if (
    f.http === 429 ||
    f.status === 'RESOURCE_EXHAUSTED' ||
    has('rateLimitExceeded', 'RATE_LIMIT_EXCEEDED', 'userRateLimitExceeded')
  )
    return new ThrottledError(`throttled by Google: ${f.message}`, f.retryAfterMs, err);
  if (
    (f.http !== undefined && f.http >= 500) ||
    f.status === 'UNAVAILABLE' ||
    f.status === 'DEADLINE_EXCEEDED' ||
    NETWORK.has(String(netCode)) ||
    NETWORK.has(String(causeCode)) ||
    (err instanceof Error && (err.name === 'AbortError' || err.name === 'TimeoutError'))
  )
    return new TransientError(`Google unavailable: ${f.message}`, details, err);
  // The auth library failing to sign (a key that parsed but is not usable) is the key's fault.
  if (err instanceof Error && /DECODER routines|PEM|private key|invalid_grant/i.test(err.message))
    return new InvalidCredentialsError(`the service-account key cannot sign: ${err.message}`, details, err);
  return new TransientError(`unexpected Google error: ${f.message}`, details, err);
}
