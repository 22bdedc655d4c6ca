import {
  DiscoveryError,
  ErrorType,
  InvalidCredentialsError,
  PermissionDeniedError,
  RegionDisabledError,
  ThrottledError,
  TransientError,
} from '../../core/errors.js';

type Headers = Record<string, string | string[] | undefined>;

/** A non-2xx answer of the DO API, with its error body (`{id, message, request_id}`). */
export class DoHttpError extends Error {
  readonly id: string | undefined;
  readonly requestId: string | undefined;
  constructor(
    readonly status: number,
    readonly headers: Headers,
    body: string,
    readonly path: string,
    why?: string,
  ) {
    let parsed: { id?: string; message?: string; request_id?: string } = {};
    try {
      parsed = JSON.parse(body) as typeof parsed;
    } catch {
      // Not JSON (a proxy's page): the status decides.
    }
    super(`DigitalOcean ${path}: HTTP ${status} ${parsed.id ?? ''} ${why ?? parsed.message ?? ''}`.trim());
    this.name = 'DoHttpError';
    this.id = parsed.id;
    this.requestId = parsed.request_id;
  }
}

const MAX_WAIT_MS = 15 * 60_000;

/** Milliseconds until `resetAtMs`, at least 1 s and at most 15 min; undefined when already past. */
export function rateLimitWaitMs(resetAtMs: number, now = Date.now()): number | undefined {
  const ms = resetAtMs - now;
  if (!Number.isFinite(ms) || ms <= 0) return undefined;
  return Math.min(Math.max(Math.ceil(ms), 1000), MAX_WAIT_MS);
}

function header(headers: Headers, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** A 429's wait: `retry-after` (seconds) if sent, else until `ratelimit-reset` (epoch seconds). */
export function retryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  const after = Number(header(headers, 'retry-after'));
  if (Number.isFinite(after) && after > 0) return rateLimitWaitMs(now + after * 1000, now);
  const reset = Number(header(headers, 'ratelimit-reset'));
  return Number.isFinite(reset) ? rateLimitWaitMs(reset * 1000, now) : undefined;
}

const NETWORK = /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|EAI_AGAIN|UND_ERR_)/;

/**
 * DigitalOcean error → the typed hierarchy (docs/digitalocean.md "Errors"):
 *
 * | DO answer                                   | type               | scope / retry                        |
 * |---------------------------------------------|--------------------|--------------------------------------|
 * | 401 `unauthorized`                          | InvalidCredentials | failed, not retried                  |
 * | 403 `forbidden` (a scoped token without it) | PermissionDenied   | unauthorized, nothing deactivated    |
 * | 404 on a list (product not on the account)  | RegionDisabled     | skipped, nothing deactivated         |
 * | 429 `too_many_requests`                     | Throttled          | retried after retry-after / reset    |
 * | 5xx, network errors, timeouts               | Transient          | retried with backoff                 |
 * | other 4xx                                   | BadRequest         | failed, not retried                  |
 */
export function classifyDoError(err: unknown): DiscoveryError {
  if (err instanceof DiscoveryError) return err;
  if (err instanceof DoHttpError) {
    const details = { status: err.status, id: err.id, requestId: err.requestId };
    if (err.status === 401) return new InvalidCredentialsError(err.message, details, err);
    if (err.status === 403) return new PermissionDeniedError(err.message, details, err);
    if (err.status === 404) return new RegionDisabledError(err.message, details, err);
    if (err.status === 429) return new ThrottledError(err.message, retryAfterMs(err.headers), err);
    if (err.status >= 500 || err.status === 408) return new TransientError(err.message, details, err);
    return new DiscoveryError(ErrorType.BadRequest, err.message, { details, cause: err });
  }
  const e = (err ?? {}) as { code?: string; name?: string; message?: string };
  if ((e.code && NETWORK.test(e.code)) || e.name === 'AbortError' || e.name === 'TimeoutError')
    return new TransientError(`DigitalOcean: ${e.code ?? e.name}: ${e.message ?? ''}`, {}, err);
  return new TransientError(`DigitalOcean: ${e.message ?? String(err)}`, {}, err);
}
