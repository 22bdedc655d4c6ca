/**
 * Record helpers of the OpenStack normalizers (spec §6.2 semantics with the §12 fixes), on the shared
 * kit (providers/kit: compaction at every level keeping `false`/`0`, the `datacenters` base whose `_id`
 * is the connection's `dc_id` — §12.5: the original stored the connection id). OpenStack's own: dates
 * without a zone are UTC, metadata → tags with string values only, application links from metadata.
 */
import { applicationTokens, withLinks } from '../../core/links.js';
import type { MappingContext, NormalizedRecord } from '../../core/model.js';
import { baseDatacenter, capitalize as kitCapitalize, record as kitRecord } from '../kit/index.js';

export const PROVIDER_LABEL = 'OpenStack';

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Python's str.capitalize() (providers/kit), for any value: undefined unless a non-empty string. */
export function capitalize(value: unknown): string | undefined {
  return typeof value === 'string' ? kitCapitalize(value) : undefined;
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
  return { ...baseDatacenter(ctx), ...extra };
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
  const meta = isPlainObject(metadata) ? metadata : {};
  return withLinks(
    kitRecord(id, active, fields, Infinity),
    applicationTokens(str(meta.applications), str(meta.applications_id)),
  );
}

/** Fields common to every OpenStack kind (spec §6.3). */
export const COMMON_FIELDS = ['unique_id', 'active', 'datacenters'] as const;

export function fields(...own: string[]): readonly string[] {
  return [...new Set([...own, ...COMMON_FIELDS])];
}
