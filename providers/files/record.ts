// Record helpers of the file sources (Maestro's record rules: no absent values stored, real dates,
// tags as [{key, value}]): compaction and dates from the shared kit (providers/kit/); what stays here
// differs from it on purpose — tags from a map or a list with any value type (JSON-stringified), string
// and number coercion of hand-written files, and a `datacenters` base without provider or region.
import type { MappingContext } from '../../core/model.js';
import { compact } from '../kit/index.js';

export type Json = Record<string, unknown>;

export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

/**
 * A record body compacted at every level (providers/kit `compact`): undefined, null, "" and the arrays
 * and objects left empty are dropped; `false` and `0` are kept (the original's truthy filter dropped
 * them, so a flag that turned false was never written, spec §12.6). Never undefined.
 */
export function compactRecord(body: Json): Json {
  return compact(body, Infinity);
}

/**
 * Tags in Maestro's form `[{key, value}]`, from either a `{key: value}` map (Terraform, a hand-written
 * file) or a list already in that form; pairs without a key or a value are dropped.
 */
export function tagList(tags: unknown): Array<{ key: string; value: string }> | undefined {
  let pairs: Array<[unknown, unknown]> = [];
  if (Array.isArray(tags)) pairs = tags.filter(isObject).map((t) => [t.key ?? t.Key, t.value ?? t.Value]);
  else if (isObject(tags)) pairs = Object.entries(tags);
  const out = pairs
    .filter(([k, v]) => typeof k === 'string' && k !== '' && v !== undefined && v !== null && v !== '')
    .map(([k, v]) => ({ key: k as string, value: typeof v === 'string' ? v : JSON.stringify(v) }));
  return out.length > 0 ? out : undefined;
}

/** The value of a `{key: value}` map's first key present, keys compared exactly then case-insensitively. */
export function mapValue(map: unknown, ...keys: string[]): string | undefined {
  if (!isObject(map)) return undefined;
  for (const k of keys) {
    const v = map[k];
    if (typeof v === 'string' && v !== '') return v;
  }
  const lower = new Map(Object.entries(map).map(([k, v]) => [k.toLowerCase(), v]));
  for (const k of keys) {
    const v = lower.get(k.toLowerCase());
    if (typeof v === 'string' && v !== '') return v;
  }
  return undefined;
}

export { toDate } from '../kit/index.js';

export function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v === '' ? undefined : v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

export function num(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

/** The `datacenters` base of every file-source record (spec §6.9–§6.11 `fctDc`). */
export function baseDatacenter(ctx: MappingContext): Json {
  return { name: ctx.dc, _id: ctx.dcId };
}
