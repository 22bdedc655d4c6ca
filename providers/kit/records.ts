/**
 * The Maestro record kit every provider's normalizers share (spec §6.2–§6.4 rule semantics, with the
 * §12 fixes): one `compact`, tags → Maestro fields, the application record, dates and states.
 */
import { applicationTokens } from '../../core/links.js';
import type { LinkTokens, MappingContext, NormalizedRecord } from '../../core/model.js';

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * The one compaction of record fields (spec §6.2 with the §12.6 fix). Down to `depth` levels (1: the
 * record's own fields), a value that is absent — undefined, null, "", an empty array or an empty object
 * (after compaction) — is left out, but `false` and `0` are kept, so a flag that flips to false is
 * written. Below `depth`, values are kept as the provider shaped them (an empty `Ipv6Ranges: []` inside a
 * security-group rule stays, so a UI that iterates it finds an array), except null and undefined, which are
 * dropped at every level (a MongoDB driver would store them as null). Records the normalizer builds
 * itself (an application's `role`, `datacenters`) use `Infinity`. Dates, ObjectIds and other class
 * instances are kept as they are.
 */
export function compact<T extends Record<string, unknown>>(fields: T, depth = 1): Partial<T> {
  return compactSlot(fields, depth + 1) ?? {};
}

/**
 * The compacted `value` of a slot `depth` levels above the strictness limit: while `depth >= 1` an
 * absent value ("", empty array or object) is dropped; null and undefined always are.
 */
function compactSlot(value: unknown, depth: number): unknown {
  if (value === null || value === undefined) return undefined;
  const strict = depth >= 1;
  if (Array.isArray(value)) {
    const items = value.map((v) => compactSlot(v, depth - 1)).filter((v) => v !== undefined);
    // Empty as the provider sent it: kept below the limit; emptied here (it held only nulls): dropped.
    return items.length === 0 && (strict || value.length > 0) ? undefined : items;
  }
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    const entries = Object.entries(value);
    for (const [k, v] of entries) {
      const c = compactSlot(v, depth - 1);
      if (c !== undefined) out[k] = c;
    }
    return Object.keys(out).length === 0 && (strict || entries.length > 0) ? undefined : out;
  }
  return strict && value === '' ? undefined : value;
}

/** One record: `body` compacted, with `unique_id` and `active` always set (nothing can drop them). */
export function record(
  uniqueId: string,
  active: boolean,
  body: Record<string, unknown>,
  depth = 1,
): NormalizedRecord {
  return { ...compact(body, depth), unique_id: uniqueId, active };
}

/** The `provider` and `family` constants of an application kind (spec §3.1, §6.3). */
export interface AppLabel {
  provider: string;
  family: string;
}

/**
 * A Maestro `applications` record (spec §6.3): the kind's fields, the label constants, `own: 1` (managed
 * by discovery) and a `datacenters` block; compacted at every level (its fields are built by the
 * normalizer, not copied from the provider).
 */
export function applicationRecord(
  label: AppLabel,
  uniqueId: string,
  active: boolean,
  fields: Record<string, unknown>,
  datacenters: Record<string, unknown>,
): NormalizedRecord {
  return record(
    uniqueId,
    active,
    { ...fields, provider: label.provider, family: label.family, own: 1, datacenters },
    Infinity,
  );
}

/** The `datacenters` fields every provider writes from the connection (spec §6.5 `fctDc`): name, provider, _id, region. */
export function baseDatacenter(ctx: MappingContext): Record<string, unknown> {
  return { name: ctx.dc, provider: ctx.provider, _id: ctx.dcId, region: ctx.region };
}

/** Python's str.capitalize() (the original's `switchCapitalized`): first character upper, the rest lower. */
export function capitalize(value: string | undefined | null): string | undefined {
  if (!value) return undefined;
  return value.charAt(0).toUpperCase() + value.slice(1).toLowerCase();
}

/** A Date from an ISO string, epoch milliseconds or a Date; undefined when it is not a valid date. */
export function toDate(v: unknown): Date | undefined {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? undefined : v;
  if (typeof v === 'string' || typeof v === 'number') {
    const d = new Date(v);
    return Number.isNaN(d.getTime()) ? undefined : d;
  }
  return undefined;
}

/** False when `state` is one of `inactive`, compared case-insensitively. */
export function activeUnless(state: string | undefined | null, inactive: readonly string[]): boolean {
  const s = (state ?? '').toLowerCase();
  return !inactive.some((i) => i.toLowerCase() === s);
}

/** A tag dictionary (`{key: value}`: Azure tags, GCP labels, OpenStack metadata) → Maestro's `[{key, value}]`. */
export function tagList(
  tags: Readonly<Record<string, unknown>> | null | undefined,
): Array<{ key: string; value: string }> {
  return Object.entries(tags ?? {})
    .filter((e): e is [string, string | number | boolean] =>
      ['string', 'number', 'boolean'].includes(typeof e[1]),
    )
    .map(([key, value]) => ({ key, value: String(value) }))
    .filter((t) => t.key !== '' && t.value !== '');
}

/** A tag's value, the key matched case-insensitively (AWS `Name`/`name`, Azure `environment`). */
export function tagValue(
  tags: Readonly<Record<string, unknown>> | null | undefined,
  key: string,
): string | undefined {
  const want = key.toLowerCase();
  for (const [k, v] of Object.entries(tags ?? {}))
    if (k.toLowerCase() === want && typeof v === 'string') return v;
  return undefined;
}

/**
 * Application link tokens (spec §6.4) from a tag dictionary's `applications` / `applications_id` entries,
 * keys case-insensitive; the translate step resolves them within the tenant (attach with
 * `withLinks(record, tokens)` from core/links.ts). Undefined when neither tag is there.
 */
export function applicationLinksFromTags(
  tags: Readonly<Record<string, unknown>> | null | undefined,
): LinkTokens | undefined {
  return applicationTokens(tagValue(tags, 'applications'), tagValue(tags, 'applications_id'));
}
