// The fake-server kit: one small HTTP(S) server for the providers that have no emulator (Azure ARM,
// GCP, OpenStack services, DigitalOcean). A fake is a table of routes over fixture data; the kit gives
// it real sockets, paging helpers, a bearer-token check, a request log and injectable faults, so the
// official SDKs make real HTTP(S) calls to it. Each provider's fake lives in tooling/fakes/<provider>/.
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { testTlsFiles } from './tls.js';

export interface FakeRequest {
  method: string;
  /** Path without the query string, URL-decoded segments kept as sent. */
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  /** Parsed JSON body, the raw text when it is not JSON, undefined when empty. */
  body: unknown;
  /** `:name` segments of the matched route pattern. */
  params: Record<string, string>;
  /** This server's base URL (`https://127.0.0.1:port`), to build absolute next links. */
  baseUrl: string;
}

export interface FakeResponse {
  status?: number;
  headers?: Record<string, string>;
  /** JSON-serialized unless a string or Buffer. */
  body?: unknown;
}

export type Handler = (req: FakeRequest) => FakeResponse | Promise<FakeResponse>;

export interface Route {
  method?: string;
  /** `/subscriptions/:sub/providers/Microsoft.Compute/disks`; a trailing `/*` matches any rest (`params['*']`). */
  path: string;
  handler: Handler;
  /** Name in the request log and in fault matching (default: the pattern). */
  name?: string;
  /** Serve without the auth check (token endpoints, discovery documents). */
  public?: boolean;
}

/** A fault injected into matching requests, `times` times (default: until removed). */
export interface Fault {
  /** Route name or pattern, a regular expression over the path, or a predicate. */
  match: string | RegExp | ((req: FakeRequest) => boolean);
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Seconds, sent as `Retry-After`. */
  retryAfter?: number;
  /** Delay before answering (slow responses). */
  delayMs?: number;
  /** Answer 200 with the real body cut in half, then drop the connection. */
  truncate?: boolean;
  times?: number;
}

export interface RequestLogEntry {
  at: number;
  method: string;
  path: string;
  query: string;
  route: string | undefined;
  status: number;
  /** The fault that answered, if any. */
  fault?: boolean;
}

export interface FakeServerOptions {
  /** Shown in errors. */
  name: string;
  routes: Route[];
  /** HTTPS with the test certificate (tooling/fakes/tls.ts); the client must trust it (NODE_EXTRA_CA_CERTS). */
  tls?: boolean;
  /**
   * Checks each non-public request; returns a response to refuse it (e.g. 401), undefined to let it pass.
   * `bearerAuth(check)` builds the usual one.
   */
  auth?: (req: FakeRequest) => FakeResponse | undefined | Promise<FakeResponse | undefined>;
  /**
   * Checks what a route is about to serve against the vendor's spec; problems are kept in
   * `violations` (a test asserts there are none) and the response is still sent.
   */
  validate?: (req: FakeRequest, res: FakeResponse, route: Route) => string[];
}

export interface FakeServer {
  url: string;
  port: number;
  /** Every request answered, in order. */
  readonly requests: RequestLogEntry[];
  /** What `validate` found, as `<route>: <problem>`. */
  readonly violations: string[];
  inject(fault: Fault): void;
  clearFaults(): void;
  close(): Promise<void>;
}

interface CompiledRoute {
  route: Route;
  name: string;
  regex: RegExp;
  keys: string[];
}

function compile(route: Route): CompiledRoute {
  const keys: string[] = [];
  const source = route.path
    .split('/')
    .map((seg) => {
      if (seg === '*') {
        keys.push('*');
        return '(.*)';
      }
      if (seg.startsWith(':')) {
        keys.push(seg.slice(1));
        return '([^/]+)';
      }
      return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  // ARM paths are case-insensitive; the others are matched exactly as sent.
  return { route, name: route.name ?? route.path, regex: new RegExp(`^${source}/?$`, 'i'), keys };
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function encode(res: FakeResponse): { bytes: Buffer; type: string } {
  if (Buffer.isBuffer(res.body)) return { bytes: res.body, type: 'application/octet-stream' };
  if (typeof res.body === 'string') return { bytes: Buffer.from(res.body), type: 'text/plain' };
  if (res.body === undefined) return { bytes: Buffer.alloc(0), type: 'application/json' };
  return { bytes: Buffer.from(JSON.stringify(res.body)), type: 'application/json' };
}

function faultMatches(fault: Fault, req: FakeRequest, route: CompiledRoute | undefined): boolean {
  const m = fault.match;
  if (typeof m === 'function') return m(req);
  if (m instanceof RegExp) return m.test(req.path);
  return route !== undefined && (route.name === m || route.route.path === m);
}

export async function startFakeServer(opts: FakeServerOptions): Promise<FakeServer> {
  const routes = opts.routes.map(compile);
  const requests: RequestLogEntry[] = [];
  const violations: string[] = [];
  let faults: Fault[] = [];

  const listener = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', baseUrl);
    const method = (req.method ?? 'GET').toUpperCase();
    let matched: CompiledRoute | undefined;
    let params: Record<string, string> = {};
    for (const r of routes) {
      if (r.route.method && r.route.method.toUpperCase() !== method) continue;
      const m = r.regex.exec(url.pathname);
      if (!m) continue;
      matched = r;
      params = Object.fromEntries(r.keys.map((k, i) => [k, decodeURIComponent(m[i + 1] ?? '')]));
      break;
    }
    const fakeReq: FakeRequest = {
      method,
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body: await readBody(req),
      params,
      baseUrl,
    };
    const log = (status: number, fault = false): void => {
      requests.push({
        at: Date.now(),
        method,
        path: url.pathname,
        query: url.search,
        route: matched?.name,
        status,
        ...(fault ? { fault } : {}),
      });
    };
    const send = (out: FakeResponse): void => {
      const { bytes, type } = encode(out);
      res.writeHead(out.status ?? 200, { 'content-type': type, ...out.headers });
      res.end(bytes);
    };

    const fault = faults.find((f) => faultMatches(f, fakeReq, matched));
    if (fault) {
      if (fault.times !== undefined && --fault.times <= 0) faults = faults.filter((f) => f !== fault);
      if (fault.delayMs) await sleep(fault.delayMs);
      if (fault.status !== undefined) {
        log(fault.status, true);
        send({
          status: fault.status,
          headers: {
            ...(fault.retryAfter !== undefined ? { 'retry-after': String(fault.retryAfter) } : {}),
            ...fault.headers,
          },
          body: fault.body ?? { error: { code: `Injected${fault.status}`, message: 'injected fault' } },
        });
        return;
      }
      if (fault.truncate && matched) {
        const real = encode(await matched.route.handler(fakeReq));
        log(200, true);
        res.writeHead(200, { 'content-type': real.type, 'content-length': String(real.bytes.length) });
        res.write(real.bytes.subarray(0, Math.floor(real.bytes.length / 2)));
        res.destroy();
        return;
      }
    }
    if (!matched) {
      log(404);
      send({
        status: 404,
        body: {
          error: { code: 'NotFound', message: `${opts.name}: no route for ${method} ${url.pathname}` },
        },
      });
      return;
    }
    if (!matched.route.public && opts.auth) {
      const refused = await opts.auth(fakeReq);
      if (refused) {
        log(refused.status ?? 401);
        send(refused);
        return;
      }
    }
    let out: FakeResponse;
    try {
      out = await matched.route.handler(fakeReq);
    } catch (err) {
      out = { status: 500, body: { error: { code: 'FakeServerError', message: (err as Error).message } } };
    }
    if (opts.validate && (out.status ?? 200) < 300) {
      for (const problem of opts.validate(fakeReq, out, matched.route))
        violations.push(`${matched.name}: ${problem}`);
    }
    log(out.status ?? 200);
    send(out);
  };
  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    listener(req, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500).end(String(err));
      else res.destroy();
    });
  };

  const server = opts.tls
    ? createHttpsServer({ ...(await testTlsFiles()) }, handle)
    : createHttpServer(handle);
  // Longer than the clients' idle keep-alive sockets live: with Node's 5 s default, a client that reuses
  // a socket the server is closing at that moment gets ECONNRESET (real APIs keep them ~60 s or more).
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const baseUrl = `${opts.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  return {
    url: baseUrl,
    port,
    requests,
    violations,
    inject: (fault) => {
      faults.push({ ...fault });
    },
    clearFaults: () => {
      faults = [];
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** An auth check for `Authorization: Bearer <token>`: `accept(token)` false → 401 with `body`. */
export function bearerAuth(
  accept: (token: string) => boolean,
  body: unknown = { error: { code: 'InvalidAuthenticationToken', message: 'The access token is invalid.' } },
): NonNullable<FakeServerOptions['auth']> {
  return (req) => {
    const header = req.headers.authorization ?? '';
    const token = /^Bearer\s+(.+)$/i.exec(header)?.[1];
    return token !== undefined && accept(token) ? undefined : { status: 401, body };
  };
}

// ---- Paging: the four styles the providers use, over an in-memory fixture list -----------------

export interface Page<T> {
  items: T[];
  /** Offset of the next page, undefined on the last. */
  next: number | undefined;
}

/** `items[start, start + limit)`; `limit` is clamped to [1, max]. */
export function slice<T>(items: readonly T[], start: number, limit: number, max = 1000): Page<T> {
  const size = Math.max(1, Math.min(max, Math.floor(limit) || max));
  const from = Math.max(0, Math.floor(start) || 0);
  const page = items.slice(from, from + size);
  return { items: page, next: from + size < items.length ? from + size : undefined };
}

/** Opaque continuation tokens (`nextLink` skip tokens, GCP `pageToken`): base64 of the offset. */
export function encodeToken(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString('base64url');
}
export function decodeToken(token: string | null | undefined): number {
  if (!token) return 0;
  const m = /^offset:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  if (!m) throw new Error(`invalid page token ${token}`);
  return Number(m[1]);
}

/** Marker paging (OpenStack): the page after the item whose id is `marker` (404-worthy when unknown). */
export function afterMarker<T>(
  items: readonly T[],
  idOf: (item: T) => string,
  marker: string | null | undefined,
  limit: number,
  max = 1000,
): Page<T> & { unknownMarker: boolean } {
  if (!marker) return { ...slice(items, 0, limit, max), unknownMarker: false };
  const at = items.findIndex((i) => idOf(i) === marker);
  if (at < 0) return { items: [], next: undefined, unknownMarker: true };
  return { ...slice(items, at + 1, limit, max), unknownMarker: false };
}

/** This request's URL with some query parameters replaced (absolute: next links point back here). */
export function linkTo(req: FakeRequest, set: Record<string, string | number | undefined>): string {
  const url = new URL(req.path, req.baseUrl);
  for (const [k, v] of req.query) url.searchParams.append(k, v);
  for (const [k, v] of Object.entries(set)) {
    if (v === undefined) url.searchParams.delete(k);
    else url.searchParams.set(k, String(v));
  }
  return url.toString();
}

/** Deep copy of a fixture item with fields replaced: how one vendor example becomes many resources. */
export function variant<T>(template: T, patch: (copy: T, index: number) => void, index: number): T {
  const copy = structuredClone(template);
  patch(copy, index);
  return copy;
}
