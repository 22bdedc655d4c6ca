/**
 * The one HTTP layer under every OpenStack service (undici): JSON requests with timeouts, and OpenStack's
 * error bodies read into one error type, whatever the service's fault format.
 */
import { Agent, request, type Dispatcher } from 'undici';

/** Connect/headers/body timeouts: a hung endpoint fails the page (retried) instead of the crawl. */
export const openstackAgent: Dispatcher = new Agent({
  connectTimeout: 10_000,
  headersTimeout: 30_000,
  bodyTimeout: 60_000,
  keepAliveTimeout: 10_000,
});

/** A non-2xx answer of an OpenStack service (or of Keystone), with the service's own message. */
export class OpenStackApiError extends Error {
  constructor(
    readonly service: string,
    readonly status: number,
    readonly detail: string,
    /** Seconds from `Retry-After`, when sent. */
    readonly retryAfterSec: number | undefined,
    readonly method: string,
    readonly path: string,
  ) {
    super(`${service}: ${method} ${path} answered ${status}${detail ? `: ${detail}` : ''}`);
    this.name = 'OpenStackApiError';
  }
}

/**
 * The message of any OpenStack fault body: Nova/Cinder `{"itemNotFound": {"code", "message"}}`,
 * Neutron `{"NeutronError": {"type", "message"}}`, Keystone `{"error": {"message"}}`, Octavia
 * `{"faultstring"}`, Glance's plain text.
 */
export function faultMessage(text: string): string {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return text
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 300);
  }
  if (body && typeof body === 'object') {
    const o = body as Record<string, unknown>;
    if (typeof o.faultstring === 'string') return o.faultstring;
    if (typeof o.message === 'string') return o.message;
    for (const [key, v] of Object.entries(o)) {
      if (v && typeof v === 'object' && typeof (v as { message?: unknown }).message === 'string') {
        const type = (v as { type?: unknown }).type;
        return `${typeof type === 'string' ? type : key}: ${(v as { message: string }).message}`;
      }
    }
  }
  return text.slice(0, 300);
}

function retryAfter(value: string | string[] | undefined): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (v === undefined) return undefined;
  const n = Number(v);
  if (Number.isFinite(n)) return Math.max(0, n);
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

export interface JsonResponse<T> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: T;
}

/** One request; throws OpenStackApiError on a non-2xx answer (the body read for its message). */
export async function requestJson<T>(
  service: string,
  method: 'GET' | 'POST' | 'DELETE',
  url: string,
  opts: { headers?: Record<string, string>; body?: unknown; signal?: AbortSignal } = {},
): Promise<JsonResponse<T>> {
  const res = await request(url, {
    method,
    dispatcher: openstackAgent,
    headers: {
      accept: 'application/json',
      ...(opts.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...opts.headers,
    },
    ...(opts.body === undefined ? {} : { body: JSON.stringify(opts.body) }),
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  const text = await res.body.text();
  if (res.statusCode < 200 || res.statusCode >= 300) {
    throw new OpenStackApiError(
      service,
      res.statusCode,
      faultMessage(text),
      retryAfter(res.headers['retry-after']),
      method,
      new URL(url).pathname,
    );
  }
  return {
    status: res.statusCode,
    headers: res.headers,
    body: (text === '' ? undefined : JSON.parse(text)) as T,
  };
}
