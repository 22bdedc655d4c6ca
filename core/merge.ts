import { ObjectId } from 'mongodb';
import { deepEqual } from './canonical.js';

/**
 * The original's merge of an incoming record into the stored document (spec §7.3, `MergeAPI`), for
 * the top-level fields the record carries; fields it does not carry are not touched at all, so what
 * users wrote survives. Per top-level key:
 * - both non-empty arrays: `storage` → the incoming list in incoming order, each item with a
 *   `unique_id` deep-merged over the stored item of that id, a new item as it is (the §12.6 fix:
 *   the original turned it into null); `tags` → the stored tags, then the incoming ones, where an
 *   incoming tag replaces a stored one of the same `key` (deliberate: the original kept both values
 *   of a changed tag); any other (`applications`, `auth`, `accountant`…) → ordered union, stored
 *   then incoming, elements equal by `unique_id` when both have one, else deep-equal;
 * - both plain objects → the incoming object without its empty entries, deep-merged into the stored
 *   one (nested arrays index-wise, as lodash). Deliberate: `false` and `0` are values, not empty
 *   (§12.6: the original dropped them, so a flag that turned false was never written);
 * - otherwise the incoming value, except that an empty incoming array keeps the stored one.
 */
export function mergeTopLevel(
  stored: Record<string, unknown>,
  incoming: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(incoming)) out[key] = mergeField(key, stored[key], value);
  return out;
}

export function mergeField(key: string, stored: unknown, incoming: unknown): unknown {
  if (Array.isArray(stored) && Array.isArray(incoming)) {
    if (incoming.length === 0) return stored;
    if (stored.length === 0) return incoming;
    if (key === 'storage') return mergeStorage(stored, incoming);
    if (key === 'tags') return mergeTags(stored, incoming);
    return union(stored, incoming);
  }
  if (isPlain(stored) && isPlain(incoming)) return deepMerge(stored, withoutEmpty(incoming));
  if (Array.isArray(incoming) && incoming.length === 0 && stored !== undefined) return stored;
  return incoming;
}

/** `rules_list_storage`, with new items kept (not null). */
export function mergeStorage(stored: unknown[], incoming: unknown[]): unknown[] {
  const byId = new Map<string, unknown>();
  for (const s of stored) {
    const id = uniqueIdOf(s);
    if (id !== undefined && !byId.has(id)) byId.set(id, s);
  }
  return incoming.map((item) => {
    const id = uniqueIdOf(item);
    const old = id === undefined ? undefined : byId.get(id);
    return isPlain(old) && isPlain(item) ? deepMerge(old, item) : item;
  });
}

/** `rules_list`: ordered union, stored then incoming. */
export function union(stored: unknown[], incoming: unknown[]): unknown[] {
  const out = [...stored];
  for (const item of incoming) if (!out.some((o) => sameElement(o, item))) out.push(item);
  return out;
}

function mergeTags(stored: unknown[], incoming: unknown[]): unknown[] {
  const keys = new Set(incoming.map(tagKey).filter((k) => k !== undefined));
  const kept = stored.filter((t) => {
    const k = tagKey(t);
    return k === undefined || !keys.has(k);
  });
  return union(kept, incoming);
}

function tagKey(t: unknown): string | undefined {
  return isPlain(t) && typeof t.key === 'string' ? t.key : undefined;
}

function sameElement(a: unknown, b: unknown): boolean {
  const ia = uniqueIdOf(a);
  const ib = uniqueIdOf(b);
  if (ia !== undefined && ib !== undefined) return ia === ib;
  return deepEqual(a, b);
}

function uniqueIdOf(v: unknown): string | undefined {
  if (!isPlain(v)) return undefined;
  const id = v.unique_id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}

function isPlain(v: unknown): v is Record<string, unknown> {
  return (
    v !== null &&
    typeof v === 'object' &&
    !Array.isArray(v) &&
    !(v instanceof Date) &&
    !(v instanceof ObjectId)
  );
}

function withoutEmpty(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null && v !== ''));
}

/** Lodash `merge`: objects key by key, arrays index by index, the incoming scalar wins. */
export function deepMerge(stored: unknown, incoming: unknown): unknown {
  if (incoming === undefined) return stored;
  if (Array.isArray(stored) && Array.isArray(incoming)) {
    const out: unknown[] = [...(stored as unknown[])];
    incoming.forEach((v, i) => (out[i] = deepMerge(stored[i], v)));
    return out;
  }
  if (isPlain(stored) && isPlain(incoming)) {
    const out: Record<string, unknown> = { ...stored };
    for (const [k, v] of Object.entries(incoming)) out[k] = deepMerge(stored[k], v);
    return out;
  }
  return incoming;
}
