import type { Collection, Document, Filter, Sort } from 'mongodb';

/**
 * One page of a list query: the filters ANDed, sorted, `limit + 1` documents (the extra one only tells
 * the caller that there is a next page: services/pagination.ts `toPage`).
 */
export function findPage<D extends Document>(
  col: Collection<D>,
  and: Filter<D>[],
  sort: Sort,
  limit: number,
): Promise<D[]> {
  return col
    .find(and.length > 0 ? ({ $and: and } as Filter<D>) : {})
    .sort(sort)
    .limit(limit + 1)
    .toArray() as Promise<D[]>;
}
