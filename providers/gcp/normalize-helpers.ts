/**
 * The GCP-specific helpers of the normalizers: labels (sorted, empty values kept), application links from
 * labels and instance metadata, Compute's decimal-string numbers, Google's resource URLs and the
 * `datacenters` block. The provider-neutral rules (`compact`, `toDate`, `capitalize`, `tagValue`,
 * `applicationLinksFromTags`) are providers/kit's, re-exported here for the resource files.
 */
import type { LinkTokens, MappingContext } from '../../core/model.js';
import { applicationLinksFromTags, baseDatacenter, compact, tagValue } from '../kit/index.js';

export { capitalize, compact, toDate } from '../kit/index.js';

export type Labels = Record<string, string> | undefined;

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

/** The value of a label, key compared case-insensitively (providers/kit `tagValue`). */
export function labelValue(labels: Labels, key: string): string | undefined {
  return tagValue(labels, key);
}

/**
 * Application link tokens (spec §6.4) from `applications` / `applications_id`. Label values cannot
 * hold commas or upper case, so a label names one application; instances may also carry them as
 * metadata items (free text, comma-separated), which take precedence.
 */
export function applicationLinks(labels: Labels, metadata?: Labels): LinkTokens | undefined {
  // Keys lower-cased, metadata last: a metadata item wins over the label of the same name.
  const merged: Record<string, string> = {};
  for (const source of [labels, metadata])
    for (const [k, v] of Object.entries(source ?? {})) merged[k.toLowerCase()] = v;
  return applicationLinksFromTags(merged);
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
    ...baseDatacenter(ctx),
    region,
    zone,
    project: segmentAfter(raw.selfLink, 'projects') ?? ctx.account,
    ...extra,
  });
}
