import { SignJWT } from 'jose';
import { request } from 'undici';
import { ThrottledError, TransientError } from './errors.js';

export interface JsonResponse {
  status: number;
  body: unknown;
}

/** One outbound JSON call with a timeout; 5xx and network errors are transient, 429 is throttling. */
export async function sendJson(
  method: 'GET' | 'POST' | 'PUT',
  url: string,
  body: unknown,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<JsonResponse> {
  let res;
  try {
    res = await request(url, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
  } catch (err) {
    throw new TransientError(`${method} ${url}: ${(err as Error).message}`, { url }, err);
  }
  const text = await res.body.text();
  let parsed: unknown = text;
  try {
    parsed = text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    /* not JSON: keep the text */
  }
  if (res.statusCode === 429) throw new ThrottledError(`${method} ${url}: HTTP 429`);
  if (res.statusCode >= 500)
    throw new TransientError(`${method} ${url}: HTTP ${res.statusCode}`, { url, status: res.statusCode });
  return { status: res.statusCode, body: parsed };
}

/**
 * Maestro's private service token (spec §2.1): HS256 with MAESTRO_SECRETJWT_PRIVATE carrying `noauth`.
 * Outbound calls send it as `Authorization: JWT <token>`.
 */
export async function privateToken(secret: string, noauth: string): Promise<string> {
  return new SignJWT({ name: 'discovery', noauth })
    .setProtectedHeader({ alg: 'HS256' })
    .sign(new TextEncoder().encode(secret));
}
