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

/** Cursors are opaque to callers: base64url JSON of the sort key of the last item returned. */
export function encodeCursor(key: Record<string, string>): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, fields: readonly string[]): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new BadRequestError('cursor', 'is not a cursor returned by this API');
  }
  if (
    !parsed ||
    typeof parsed !== 'object' ||
    !fields.every((f) => typeof (parsed as Record<string, unknown>)[f] === 'string')
  )
    throw new BadRequestError('cursor', 'is not a cursor returned by this API');
  return parsed as Record<string, string>;
}

/** Builds a page from `limit + 1` fetched items: the extra one only tells that there is a next page. */
export function toPage<D, T>(
  docs: D[],
  limit: number,
  view: (doc: D) => T,
  key: (doc: D) => Record<string, string>,
): Page<T> {
  const items = docs.slice(0, limit);
  const last = items[items.length - 1];
  return {
    items: items.map(view),
    ...(docs.length > limit && last !== undefined ? { nextCursor: encodeCursor(key(last)) } : {}),
  };
}
