/**
 * Paging helpers for providers' `listPage`: one provider page per call, its continuation as the crawl
 * token (heartbeated by the fetch step, so a retry resumes at that page). Four styles cover the
 * providers: opaque tokens (AWS NextToken, GCP pageToken), markers (OpenStack, AWS Marker), next links
 * (Azure nextLink, OpenStack `*_links`, Glance `next`, DigitalOcean `links.pages.next`) and page numbers.
 */

/** `n` clamped to an operation's page-size limits. */
export function pageLimit(n: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.floor(n)));
}

/** A provider's "no more pages" (""/null/undefined) as undefined. */
export function nextToken(token: string | null | undefined): string | undefined {
  return token ? token : undefined;
}

/** Page-number paging as a crawl token: the next page number as a string, or undefined after the last. */
export function nextPageNumber(current: number, hasMore: boolean): string | undefined {
  return hasMore ? String(current + 1) : undefined;
}

/** The page number a crawl token names (1 for the first page); throws on a token that is not one. */
export function pageNumber(token: string | undefined): number {
  if (token === undefined) return 1;
  const n = Number(token);
  if (!Number.isInteger(n) || n < 1) throw new Error(`not a page number token: ${token}`);
  return n;
}

/**
 * A next link (absolute URL) as the crawl token; the first page is `first`. Links are checked to point at
 * the same origin as the first page, so a provider (or a tampered heartbeat) cannot send the crawl's
 * credentials elsewhere.
 */
export function linkOrFirst(token: string | undefined, first: string): string {
  if (token === undefined) return first;
  const next = new URL(token, first);
  if (next.origin !== new URL(first).origin)
    throw new Error(`next link ${next.origin} leaves the provider's endpoint ${new URL(first).origin}`);
  return next.toString();
}

/**
 * Collects every page of a listing that must become one record or one lookup table (SQS queues of a
 * region, the NICs joined to VMs): `fetch(token)` returns one page's values and the next token. Bounded so
 * a provider that keeps returning the same token cannot loop forever.
 */
export async function allPages<T>(
  fetch: (token: string | undefined) => Promise<{ values: T[]; next: string | undefined }>,
  maxPages = 1000,
): Promise<T[]> {
  const out: T[] = [];
  let token: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const { values, next } = await fetch(token);
    out.push(...values);
    if (next === undefined || next === token) return out;
    token = next;
  }
  throw new Error(`listing did not end after ${maxPages} pages`);
}

/**
 * The one listing item of a kind aggregated per region (`{[key]: every value of every page}`), or no
 * item when the region has none, so an empty region yields no record.
 */
export async function regionListing<T>(
  key: string,
  fetch: (token: string | undefined) => Promise<{ values: T[]; next: string | undefined }>,
): Promise<{ items: unknown[]; nextToken: undefined }> {
  const values = await allPages(fetch);
  return { items: values.length > 0 ? [{ [key]: values }] : [], nextToken: undefined };
}
