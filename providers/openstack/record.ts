/**
 * Record helpers of the OpenStack normalizers (spec §6.2 semantics with the §12 fixes): deep compaction
 * that keeps `false`/`0`, UTC dates, metadata → tags and application links, and the `datacenters`
 * block whose `_id` is the connection's `dc_id` (§12.5: the original stored the connection id).
 */
import { applicationTokens, withLinks } from '../../core/links.js';
import type { MappingContext, NormalizedRecord } from '../../core/model.js';

export const PROVIDER_LABEL = 'OpenStack';

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Absent values (undefined, null, "", empty arrays/objects) dropped at every level; `false`, `0`, Dates kept. */
export function deepCompact(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(deepCompact).filter((v) => v !== undefined);
    return items.length > 0 ? items : undefined;
  }
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const c = deepCompact(v);
      if (c !== undefined) out[k] = c;
    }
    return Object.keys(out).length > 0 ? out : undefined;
  }
  return value === null || value === '' ? undefined : value;
}

/** Python's str.capitalize(): first character upper, the rest lower. */
export function capitalize(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  return value.charAt(0).toUpperCase() + value.slice(1).toLowerCase();
}

/** OpenStack timestamps; those without a zone (Cinder's `2018-11-28T06:25:15.288987`) are UTC. */
export function toDate(v: unknown): Date | undefined {
  if (typeof v !== 'string' || v === '') return undefined;
  const zoned = /(Z|[+-]\d\d:?\d\d)$/i.test(v) ? v : `${v}Z`;
  const d = new Date(zoned);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

export function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export function bool(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === 'True') return true;
  if (v === 'false' || v === 'False') return false;
  return undefined;
}

/** MiB (flavor `ram`) → GiB, the unit of Maestro's `memory` (the original divided by 1000). */
export function gib(mib: unknown): number | undefined {
  const n = num(mib);
  return n === undefined ? undefined : Math.round((n / 1024) * 1000) / 1000;
}

/** `{key: value}` metadata → `[{key, value}]` (spec §6.2 base `fctTags`), string values only. */
export function metadataTags(metadata: unknown): { key: string; value: string }[] | undefined {
  if (!isPlainObject(metadata)) return undefined;
  const out = Object.entries(metadata)
    .filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== '' && e[0] !== '')
    .map(([key, value]) => ({ key, value }));
  return out.length > 0 ? out : undefined;
}

/** The `datacenters` block: connection datacenter, provider, `_id: dc_id`, region, and the item's own. */
export function datacenter(
  ctx: MappingContext,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return { name: ctx.dc, provider: ctx.provider, _id: ctx.dcId, region: ctx.region, ...extra };
}

/**
 * One record: fields compacted at every level, then `unique_id` and `active` set last so nothing drops
 * them; link tokens from `metadata.applications` / `metadata.applications_id` (spec §6.4).
 */
export function record(
  id: string,
  active: boolean,
  fields: Record<string, unknown>,
  metadata?: unknown,
): NormalizedRecord {
  const compacted = (deepCompact(fields) ?? {}) as Record<string, unknown>;
  const meta = isPlainObject(metadata) ? metadata : {};
  return withLinks(
    { ...compacted, unique_id: id, active },
    applicationTokens(str(meta.applications), str(meta.applications_id)),
  );
}

/** Fields common to every OpenStack kind (spec §6.3). */
export const COMMON_FIELDS = ['unique_id', 'active', 'datacenters'] as const;

export function fields(...own: string[]): readonly string[] {
  return [...new Set([...own, ...COMMON_FIELDS])];
}
