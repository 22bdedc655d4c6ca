/** Small pure helpers shared by the AWS normalizers (spec §6.2 rule semantics, with the §12 fixes). */
import { applicationTokens } from '../../core/links.js';
import type { LinkTokens, MappingContext } from '../../core/model.js';
import { compact } from '../kit/records.js';

// The provider kit's record helpers, as the AWS normalizers name them.
export { activeUnless, capitalize, compact, record as awsRecord, toDate } from '../kit/records.js';

export interface AwsTag {
  Key?: string;
  Value?: string;
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

/** Application link tokens from the `applications` / `applications_id` tags, keys case-insensitive (spec §6.4). */
export function applicationLinks(tags: AwsTag[] | undefined): LinkTokens | undefined {
  return applicationTokens(tagValue(tags, 'applications'), tagValue(tags, 'applications_id'));
}
