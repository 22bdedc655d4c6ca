import { BadRequestError } from '../core/errors.js';

/** One page of a list, with the cursor of the next page (absent on the last page). */
export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

export interface PageRequest {
  limit?: number;
  cursor?: string;
}

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;

export function pageLimit(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
    throw new BadRequestError('limit', `must be an integer between 1 and ${MAX_LIMIT}`);
  return limit;
}

/**
 * Cursors: the sort key of the last item returned, in a declared format (the OpenAPI document states
 * each list's cursor pattern, api/schemas.ts), so any cursor that matches it is a position in the list:
 * an id (connections, inventory), or `<epoch ms>.<run id>` (crawl runs, newest first). Callers pass
 * `nextCursor` back as it is.
 */
export const CURSOR_PATTERNS = {
  /** A connection id (as the API shows it). */
  connections: '^[^\\s]{1,200}$',
  /** An inventory document id. */
  inventory: '^[0-9a-f]{24}$',
  /** `<started_at as epoch milliseconds>.<run id>`. */
  runs: '^[0-9]{1,15}\\.[A-Za-z0-9_-]{1,200}$',
} as const;

/** The cursor of a run (newest first): its start time and id. */
export function runCursor(startedAt: Date, id: string): string {
  return `${startedAt.getTime()}.${id}`;
}

/** The position a runs cursor names; throws for one that is not in the declared format. */
export function decodeRunCursor(cursor: string): { startedAt: Date; id: string } {
  if (!new RegExp(CURSOR_PATTERNS.runs).test(cursor))
    throw new BadRequestError('cursor', 'is not a cursor returned by this API');
  const dot = cursor.indexOf('.');
  return { startedAt: new Date(Number(cursor.slice(0, dot))), id: cursor.slice(dot + 1) };
}

/** An id cursor (connections, inventory); throws for one that is not in the declared format. */
export function decodeIdCursor(cursor: string, list: 'connections' | 'inventory'): string {
  if (!new RegExp(CURSOR_PATTERNS[list]).test(cursor))
    throw new BadRequestError('cursor', 'is not a cursor returned by this API');
  return cursor;
}

/** Builds a page from `limit + 1` fetched items: the extra one only tells that there is a next page. */
export function toPage<D, T>(
  docs: D[],
  limit: number,
  view: (doc: D) => T,
  key: (doc: D) => string,
): Page<T> {
  const items = docs.slice(0, limit);
  const last = items[items.length - 1];
  return {
    items: items.map(view),
    ...(docs.length > limit && last !== undefined ? { nextCursor: key(last) } : {}),
  };
}
