/**
 * One provider page per call (the crawl heartbeats the returned token, so a killed worker resumes from
 * it): Compute's `maxResults` + `pageToken` (aggregated lists page across every zone/region in one call
 * sequence), Cloud Storage's the same. The token is Google's `nextPageToken`, unchanged.
 */
import type { GcpClients, ComputeCollection } from './clients.js';
import { callOptions, plain } from './clients.js';
import { nextToken as tokenOrUndefined, pageLimit } from '../kit/index.js';

export interface GcpPage {
  items: unknown[];
  nextToken: string | undefined;
}

/** Compute's page size range (it refuses maxResults > 500). */
export function computePageSize(pageSize: number): number {
  return pageLimit(pageSize || 500, 1, 500);
}

interface Cancellable<T> extends Promise<T> {
  cancel?: () => void;
}

/** Awaits a gax call, cancelling it when `signal` aborts. */
async function withSignal<T>(call: Cancellable<T>, signal: AbortSignal): Promise<T> {
  const abort = (): void => call.cancel?.();
  signal.addEventListener('abort', abort, { once: true });
  try {
    return await call;
  } finally {
    signal.removeEventListener('abort', abort);
  }
}

type ListCall = (
  request: Record<string, unknown>,
  options: Record<string, unknown>,
) => Cancellable<unknown[]>;

/**
 * A page of an aggregated list (`/aggregated/<collection>`): every scope's items flattened; scopes that
 * carry only Compute's NO_RESULTS_ON_PAGE warning contribute nothing.
 */
export async function aggregatedPage(
  clients: GcpClients,
  collection: ComputeCollection,
  project: string,
  pageSize: number,
  token: string | undefined,
  signal: AbortSignal,
): Promise<GcpPage> {
  const client = clients.computeClient(collection);
  await client.initialize();
  // The generated clients expose aggregated lists only as an async iterator of [scope, list] pairs,
  // which hides the page token; the inner call with autoPaginate off returns one page and its token.
  const call = (client.innerApiCalls as Record<string, ListCall>).aggregatedList as ListCall;
  const [, , raw] = await withSignal(
    call(
      { project, maxResults: computePageSize(pageSize), ...(token ? { pageToken: token } : {}) },
      callOptions(clients.endpoint),
    ),
    signal,
  );
  const response = raw as { items?: Record<string, Record<string, unknown>>; nextPageToken?: string };
  const items = Object.values(response.items ?? {}).flatMap((scoped) => {
    const list = scoped[collection];
    return Array.isArray(list) ? list.map(plain) : [];
  });
  return { items, nextToken: tokenOrUndefined(response.nextPageToken) };
}

/** A page of a global list (`/global/<collection>`). */
export async function globalPage(
  clients: GcpClients,
  collection: ComputeCollection,
  project: string,
  pageSize: number,
  token: string | undefined,
  signal: AbortSignal,
): Promise<GcpPage> {
  const client = clients.computeClient(collection) as unknown as { list: ListCall };
  const [items, , raw] = await withSignal(
    client.list(
      { project, maxResults: computePageSize(pageSize), ...(token ? { pageToken: token } : {}) },
      callOptions(clients.endpoint),
    ),
    signal,
  );
  const next = (raw as { nextPageToken?: string } | undefined)?.nextPageToken;
  return { items: (items as unknown[]).map(plain), nextToken: tokenOrUndefined(next) };
}

/** A page of the project's Cloud Storage buckets (the JSON API's raw items: no proto defaults). */
export async function bucketsPage(
  clients: GcpClients,
  project: string,
  pageSize: number,
  token: string | undefined,
  signal: AbortSignal,
): Promise<GcpPage> {
  signal.throwIfAborted();
  const [, , response] = await clients.storage().getBuckets({
    project,
    maxResults: pageLimit(pageSize || 1000, 1, 1000),
    autoPaginate: false,
    ...(token ? { pageToken: token } : {}),
  });
  const r = response as { items?: unknown[]; nextPageToken?: string } | undefined;
  return { items: r?.items ?? [], nextToken: tokenOrUndefined(r?.nextPageToken) };
}
