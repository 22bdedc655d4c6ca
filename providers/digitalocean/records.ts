/**
 * Record helpers of the DigitalOcean normalizers (spec §6.2 rule semantics with the §12.6 fix: absent
 * values are dropped at every level, `false` and `0` are kept), on the shared kit (providers/kit/).
 * DigitalOcean's own: string tags (`key:value`), links from `applications:` tags, the `datacenters`
 * block from a droplet-like resource.
 */
import { applicationTokens } from '../../core/links.js';
import type { LinkTokens, MappingContext, NormalizedRecord } from '../../core/model.js';
import { capitalize as kitCapitalize, record as kitRecord, type AppLabel } from '../kit/index.js';

/** Python's str.capitalize() (providers/kit), for any value: undefined unless a non-empty string. */
export function capitalize(value: unknown): string | undefined {
  return typeof value === 'string' ? kitCapitalize(value) : undefined;
}

export { toDate } from '../kit/index.js';

/** DO ids are integers for droplets and images, UUIDs elsewhere: always stored as strings. */
export function idOf(v: unknown): string | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** One record: `body` compacted at every level (providers/kit), `unique_id` and `active` set last. */
export function record(uniqueId: string, active: boolean, body: Record<string, unknown>): NormalizedRecord {
  return kitRecord(uniqueId, active, body, Infinity);
}

/**
 * DO tags are plain strings ("web", "env:prod"; letters, digits, `:`, `-`, `_`). Maestro's `tags` are
 * `[{key, value}]`: `key:value` splits at the first colon, a bare tag is `{key}` (no value to store).
 * `environment` comes from an `env:`/`environment:` tag, capitalized as AWS's `environment` tag is
 * (spec §6.5), and `applications:<name>` / `applications_id:<id>` tags are the application links
 * (spec §6.4; DO tags cannot hold the comma-separated lists AWS tags do, so one tag per link).
 */
export function tagFields(tags: unknown): {
  tags?: Array<{ key: string; value?: string }>;
  environment?: string;
} {
  const list = Array.isArray(tags) ? tags.filter((t): t is string => typeof t === 'string' && t !== '') : [];
  const pairs = list.map((t) => {
    const at = t.indexOf(':');
    return at < 0 ? { key: t } : { key: t.slice(0, at), value: t.slice(at + 1) };
  });
  const env = pairs.find((p) => /^(env|environment)$/i.test(p.key) && p.value)?.value;
  return {
    ...(pairs.length > 0 ? { tags: pairs } : {}),
    ...(env ? { environment: capitalize(env) } : {}),
  };
}

/** Link tokens from `applications:<name>` and `applications_id:<id>` tags; undefined without any. */
export function tagLinks(tags: unknown): LinkTokens | undefined {
  const list = Array.isArray(tags) ? tags.filter((t): t is string => typeof t === 'string') : [];
  const values = (key: string): string | undefined => {
    const found = list
      .filter((t) => t.toLowerCase().startsWith(`${key}:`))
      .map((t) => t.slice(key.length + 1));
    return found.length > 0 ? found.join(',') : undefined;
  };
  return applicationTokens(values('applications'), values('applications_id'));
}

export type { AppLabel } from '../kit/index.js';

/** An `applications` record: the label constants and `own: 1` on top of the kind's fields. */
export function appRecord(
  label: AppLabel,
  uniqueId: string,
  active: boolean,
  body: Record<string, unknown>,
): NormalizedRecord {
  return record(uniqueId, active, { ...body, provider: label.provider, family: label.family, own: 1 });
}

/** Context fields every `datacenters` block starts with (spec §6.7 `fctDc`). */
export function dcBase(ctx: MappingContext): Record<string, unknown> {
  return { name: ctx.dc, provider: ctx.provider, _id: ctx.dcId };
}

const FEATURES = [
  'monitoring',
  'backups',
  'virtio',
  'storage',
  'image_transfer',
  'install_agent',
  'ipv6',
  'private_networking',
] as const;

/**
 * The `datacenters` block of every DO record (spec §6.7 `fctDc`): the connection's datacenter, the
 * resource's region slug (an object on droplets, volumes and load balancers, a string on clusters and
 * VPCs), size and price, and the droplet `features` as true-only flags (the original kept only true ones).
 */
export function dcBlock(ctx: MappingContext, raw: Record<string, unknown>): Record<string, unknown> {
  const region = raw.region as { slug?: string; available?: boolean } | string | undefined;
  const size = raw.size as { price_monthly?: number; price_hourly?: number } | string | undefined;
  const features = Array.isArray(raw.features) ? (raw.features as unknown[]) : [];
  const flags = Object.fromEntries(FEATURES.filter((f) => features.includes(f)).map((f) => [f, true]));
  return {
    ...dcBase(ctx),
    region: typeof region === 'string' ? region : region?.slug,
    available: typeof region === 'object' ? region.available : undefined,
    type: 'Virtual',
    instance: raw.size_slug ?? (typeof size === 'string' ? size : undefined),
    instance_id: idOf(raw.id),
    price_monthly: typeof size === 'object' ? size.price_monthly : undefined,
    price_hourly: typeof size === 'object' ? size.price_hourly : undefined,
    kernel: raw.kernel,
    vpc_uuid: raw.vpc_uuid,
    ...flags,
  };
}
