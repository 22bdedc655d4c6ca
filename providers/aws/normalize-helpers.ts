/** Small pure helpers shared by the AWS normalizers (spec §6.2 rule semantics, with the §12 fixes). */
import { applicationTokens } from '../../core/links.js';
import type { LinkTokens, MappingContext, NormalizedRecord } from '../../core/model.js';

export interface AwsTag {
  Key?: string;
  Value?: string;
}

/** Python's str.capitalize(): first character upper, the rest lower. */
export function capitalize(value: string | undefined): string | undefined {
  if (!value) return undefined;
  return value.charAt(0).toUpperCase() + value.slice(1).toLowerCase();
}

/** The value of a tag, matched case-insensitively on the key. */
export function tagValue(tags: AwsTag[] | undefined, key: string): string | undefined {
  const want = key.toLowerCase();
  return tags?.find((t) => t.Key?.toLowerCase() === want)?.Value;
}

/** `[{Key, Value}]` → `[{key, value}]`, keeping only complete pairs. */
export function mapTags(tags: AwsTag[] | undefined): Array<{ key: string; value: string }> | undefined {
  const out = (tags ?? [])
    .filter((t) => t.Key && t.Value)
    .map((t) => ({ key: t.Key as string, value: t.Value as string }));
  return out.length > 0 ? out : undefined;
}

/**
 * Drops absent values (undefined, null, "" and empty arrays/objects) but, unlike the original's truthy
 * filter, keeps `false` and `0`, so a flag that flips to false is written (spec §12.6).
 */
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

export function toDate(v: unknown): Date | undefined {
  if (v instanceof Date) return v;
  if (typeof v === 'string' || typeof v === 'number') {
    const d = new Date(v);
    return Number.isNaN(d.getTime()) ? undefined : d;
  }
  return undefined;
}

/**
 * The "App" `datacenters` block of every non-server AWS record (spec §6.5 `fctDcApp`), falsy entries
 * dropped. Fixes the original's key collision: `listener_descriptions` is ListenerDescriptions, not
 * Policies.
 */
export function appDatacenter(ctx: MappingContext, raw: Record<string, unknown>): Record<string, unknown> {
  const zonesRaw = raw.AvailabilityZones ?? raw.AvailabilityZone;
  const zoneList = (Array.isArray(zonesRaw) ? zonesRaw : zonesRaw === undefined ? [] : [zonesRaw])
    .map((z: unknown) =>
      typeof z === 'string' ? z : ((z as { ZoneName?: string } | null)?.ZoneName ?? undefined),
    )
    .filter((z): z is string => typeof z === 'string' && z !== '');
  const monitoring = raw.Monitoring as { State?: string } | undefined;
  return compact({
    name: ctx.dc,
    provider: ctx.provider,
    _id: ctx.dcId,
    // Global services (S3, CloudFront) are account-wide scopes: stored as region "global".
    region: ctx.region ?? 'global',
    zone: zoneList.length > 0 ? zoneList : undefined,
    subnet_zones: zonesRaw,
    security_groups: raw.SecurityGroups,
    canonical_hosted_zone_name: raw.CanonicalHostedZoneName,
    canonical_hosted_zone_name_id: raw.CanonicalHostedZoneNameID,
    listener_descriptions: raw.ListenerDescriptions,
    cloudwatch_monitoring: monitoring?.State,
    cache_security_groups: raw.CacheSecurityGroups,
    cache_parameter_group: raw.CacheParameterGroup,
  });
}

/** One record: `body` without its absent values (see `compact`), with `unique_id` and `active` always set. */
export function awsRecord(
  uniqueId: string,
  active: boolean,
  body: Record<string, unknown>,
): NormalizedRecord {
  return { ...compact(body), unique_id: uniqueId, active };
}

/** False when `state` is one of `inactive`, compared case-insensitively (EC2 mixes "Deleted" and "deleted"). */
export function activeUnless(state: string | undefined, inactive: readonly string[]): boolean {
  const s = (state ?? '').toLowerCase();
  return !inactive.some((i) => i.toLowerCase() === s);
}

/** Application link tokens from the `applications` / `applications_id` tags, keys case-insensitive (spec §6.4). */
export function applicationLinks(tags: AwsTag[] | undefined): LinkTokens | undefined {
  return applicationTokens(tagValue(tags, 'applications'), tagValue(tags, 'applications_id'));
}
