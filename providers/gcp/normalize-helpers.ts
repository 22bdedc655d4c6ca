/**
 * Small pure helpers of the GCP normalizers. `compact`, `toDate`, `capitalize` and the label → tag
 * conversion are the provider-neutral rules (spec §6.2 with the §12.6 fix: `false` and `0` are kept);
 * the rest reads Google's resource URLs.
 */
import { applicationTokens } from '../../core/links.js';
import type { LinkTokens, MappingContext } from '../../core/model.js';

export type Labels = Record<string, string> | undefined;

/** Drops undefined, null, "" and empty arrays/objects (keeps `false` and `0`: spec §12.6). */
export function compact<T extends Record<string, unknown>>(obj: T): Partial<T> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v) && v.length === 0) continue;
    if (isPlainObject(v) && Object.keys(v).length === 0) continue;
    out[k] = v;
  }
  return out as Partial<T>;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

/** RFC 3339 text (Compute's `creationTimestamp` carries an offset) → Date; undefined when absent or bad. */
export function toDate(v: unknown): Date | undefined {
  if (typeof v !== 'string' || v === '') return undefined;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** Python's str.capitalize() (the original's rule for role/environment/status values). */
export function capitalize(value: string | undefined): string | undefined {
  if (!value) return undefined;
  return value.charAt(0).toUpperCase() + value.slice(1).toLowerCase();
}

/** Compute's 64-bit numbers travel as decimal strings; a JS number is exact below 2^53 (sizes, IOPS). */
export function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string' || !/^-?\d+(\.\d+)?$/.test(v)) return undefined;
  return Number(v);
}

/** Labels `{k: v}` → Maestro tags `[{key, value}]`, sorted by key so the checksum does not depend on order. */
export function labelTags(labels: Labels): Array<{ key: string; value: string }> | undefined {
  const out = Object.entries(labels ?? {})
    .filter(([k]) => k !== '')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => ({ key, value }));
  return out.length > 0 ? out : undefined;
}

/** The value of a label, key compared case-insensitively (label keys are lower-case in GCP anyway). */
export function labelValue(labels: Labels, key: string): string | undefined {
  const want = key.toLowerCase();
  for (const [k, v] of Object.entries(labels ?? {})) if (k.toLowerCase() === want) return v;
  return undefined;
}

/**
 * Application link tokens (spec §6.4) from `applications` / `applications_id`. Label values cannot
 * hold commas or upper case, so a label names one application; instances may also carry them as
 * metadata items (free text, comma-separated), which take precedence.
 */
export function applicationLinks(labels: Labels, metadata?: Labels): LinkTokens | undefined {
  const names = labelValue(metadata, 'applications') ?? labelValue(labels, 'applications');
  const ids = labelValue(metadata, 'applications_id') ?? labelValue(labels, 'applications_id');
  return applicationTokens(names, ids);
}

/** The last path segment of a resource URL (`.../zones/us-central1-a` → `us-central1-a`). */
export function lastSegment(url: string | undefined): string | undefined {
  if (!url) return undefined;
  const seg = url
    .split('/')
    .filter((s) => s !== '')
    .pop();
  return seg === '' ? undefined : seg;
}

/** The segment after `/<collection>/` in a resource URL (`projects`, `zones`, `regions`). */
export function segmentAfter(url: string | undefined, collection: string): string | undefined {
  if (!url) return undefined;
  const parts = url.split('/');
  const at = parts.indexOf(collection);
  return at >= 0 && at + 1 < parts.length ? parts[at + 1] : undefined;
}

/** `us-central1-a` → `us-central1` (a zone is its region plus one suffix). */
export function regionOfZone(zone: string | undefined): string | undefined {
  if (!zone) return undefined;
  const at = zone.lastIndexOf('-');
  return at > 0 ? zone.slice(0, at) : undefined;
}

/**
 * The `datacenters` block of every GCP record: the connection's datacenter, the resource's region and
 * zone (read from its own `zone` / `region` URL, so one aggregated scope still records where each
 * resource lives; `global` for global resources), and its project.
 */
export function gcpDatacenter(
  ctx: MappingContext,
  raw: { zone?: string; region?: string; selfLink?: string },
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const zone = lastSegment(raw.zone);
  const region = lastSegment(raw.region) ?? regionOfZone(zone) ?? 'global';
  return compact({
    name: ctx.dc,
    provider: ctx.provider,
    _id: ctx.dcId,
    region,
    zone,
    project: segmentAfter(raw.selfLink, 'projects') ?? ctx.account,
    ...extra,
  });
}
