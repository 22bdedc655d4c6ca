/**
 * The DigitalOcean API v2 over plain HTTPS (undici): one GET per provider page, paged by DO's own
 * `links.pages.next`, with its rate limit honoured. No SDK: DO has no maintained official Node client
 * and the eight list calls need nothing more.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import { DiscoveryError, ErrorType, ThrottledError } from '../../core/errors.js';
import type { ListPageResult } from '../types.js';
import { DoHttpError, rateLimitWaitMs } from './errors.js';

/** DO's largest `per_page`. */
export const MAX_PER_PAGE = 200;

export interface DoApiOptions {
  /** `https://api.digitalocean.com` in production; the fake or Prism in tests. */
  baseUrl: string;
  timeoutMs: number;
  /**
   * Longest pause before a request when the previous answer said the budget is spent
   * (`ratelimit-remaining: 0`); a longer wait is handed to Temporal as a Throttled retry instead.
   */
  maxRateWaitMs?: number;
}

export interface ListCall {
  token: string;
  /** `/v2/droplets`. */
  path: string;
  /** The key of the item list in the body (`droplets`). */
  resultKey: string;
  /** Extra query parameters (`private=true`). */
  query?: Record<string, string>;
  pageSize: number;
  /** The page number to read (the crawl's heartbeated token); undefined for the first. */
  pageToken: string | undefined;
  signal: AbortSignal;
}

interface Budget {
  remaining: number;
  resetAtMs: number;
}

export class DoApi {
  /** Per token: what the last answer said of the hourly budget (ratelimit-remaining / -reset). */
  private readonly budgets = new Map<string, Budget>();
  constructor(private readonly opts: DoApiOptions) {}

  /**
   * One page of a list. The next page is DO's `links.pages.next`, of which only its `page` number is
   * kept as the token: the crawl resumes from it after a worker dies, and the bearer token is only ever
   * sent to the configured base URL, whatever host a next link names.
   */
  async listPage(call: ListCall): Promise<ListPageResult> {
    const page = call.pageToken ?? '1';
    if (!/^\d+$/.test(page))
      throw new DiscoveryError(ErrorType.BadRequest, `invalid DigitalOcean page token ${page}`);
    const perPage = Math.max(1, Math.min(MAX_PER_PAGE, Math.floor(call.pageSize) || MAX_PER_PAGE));
    const url = new URL(call.path, this.opts.baseUrl);
    for (const [k, v] of Object.entries(call.query ?? {})) url.searchParams.set(k, v);
    url.searchParams.set('page', page);
    url.searchParams.set('per_page', String(perPage));
    const body = (await this.get(url, call.token, call.signal)) as {
      links?: { pages?: { next?: string } };
    } & Record<string, unknown>;
    const items = body[call.resultKey];
    if (!Array.isArray(items))
      throw new DiscoveryError(
        ErrorType.BadProviderData,
        `DigitalOcean ${call.path}: no "${call.resultKey}" list`,
      );
    return { items, nextToken: nextPage(body.links?.pages?.next, call.path) };
  }

  /** GET /v2/account: the token's check (the API's "test credentials"). */
  async account(token: string, signal: AbortSignal): Promise<unknown> {
    return this.get(new URL('/v2/account', this.opts.baseUrl), token, signal);
  }

  private async get(url: URL, token: string, signal: AbortSignal): Promise<unknown> {
    await this.waitForBudget(token, signal);
    const res = await request(url, {
      method: 'GET',
      headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
      signal,
      headersTimeout: this.opts.timeoutMs,
      bodyTimeout: this.opts.timeoutMs,
    });
    const text = await res.body.text();
    this.remember(token, res.headers);
    if (res.statusCode >= 400) throw new DoHttpError(res.statusCode, res.headers, text, url.pathname);
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new DoHttpError(res.statusCode, res.headers, text, url.pathname, 'body is not JSON');
    }
  }

  private remember(token: string, headers: Record<string, string | string[] | undefined>): void {
    const remaining = Number(headers['ratelimit-remaining']);
    const reset = Number(headers['ratelimit-reset']);
    if (Number.isFinite(remaining) && Number.isFinite(reset))
      this.budgets.set(token, { remaining, resetAtMs: reset * 1000 });
  }

  /** Spent budget: wait for its reset when it is near, else let Temporal retry after it (Throttled). */
  private async waitForBudget(token: string, signal: AbortSignal): Promise<void> {
    const budget = this.budgets.get(token);
    if (!budget || budget.remaining > 0) return;
    const waitMs = rateLimitWaitMs(budget.resetAtMs);
    if (waitMs === undefined) return;
    if (waitMs > (this.opts.maxRateWaitMs ?? 5000))
      throw new ThrottledError('DigitalOcean rate limit spent (ratelimit-remaining: 0)', waitMs);
    await sleep(waitMs, undefined, { signal });
    this.budgets.delete(token);
  }
}

/** The `page` of DO's next link, checked to be a later page of the same list; undefined at the end. */
export function nextPage(next: string | undefined, path: string): string | undefined {
  if (!next) return undefined;
  let url: URL;
  try {
    url = new URL(next, 'https://api.digitalocean.com');
  } catch {
    throw new DiscoveryError(ErrorType.BadProviderData, `DigitalOcean ${path}: bad next link ${next}`);
  }
  const page = url.searchParams.get('page');
  if (!page || !/^\d+$/.test(page) || url.pathname.replace(/\/$/, '') !== path)
    throw new DiscoveryError(ErrorType.BadProviderData, `DigitalOcean ${path}: bad next link ${next}`);
  return page;
}
