/**
 * What every non-EC2 AWS kind shares: AWS services that are recorded as Maestro `applications`
 * (spec §6.3, §6.5 "Other AWS entities"), and the page-size and region conventions of their listings.
 */
import type { MappingContext, NormalizedRecord } from '../../../core/model.js';
import { regionCode } from '../../../core/regions.js';
import type { ListPageResult, ResourceKind } from '../../types.js';
import type { AwsClientConfig, AwsClients } from '../clients.js';
import type { AwsCredentials } from '../credentials.js';
import { appDatacenter, capitalize, compact, mapTags, tagValue, type AwsTag } from '../normalize-helpers.js';

/** The `provider` and `family` constants of an application kind (spec §3.1, §6.5). */
export interface AppLabel {
  provider: string;
  family: string;
}

/**
 * A ResourceKind writing `applications`: `listPage` gets the SDK client of the scope's region (global
 * kinds: us-east-1) and makes one call per page with the operation's own token.
 */
export function applicationKind<C extends { destroy(): void }>(
  clients: AwsClients,
  spec: {
    command: string;
    fields: readonly string[];
    global?: true;
    client: new (config: AwsClientConfig) => C;
    listPage: (
      client: C,
      page: { pageSize: number; token: string | undefined; signal: AbortSignal },
    ) => Promise<ListPageResult>;
    normalize: (raw: unknown, ctx: MappingContext) => NormalizedRecord[];
    legacyUniqueIds?: (record: NormalizedRecord) => string[];
  },
): ResourceKind<AwsCredentials> {
  return {
    command: spec.command,
    entity: 'applications',
    ...(spec.global ? { global: true } : {}),
    fields: spec.fields,
    listPage: ({ credentials, region, pageSize, token, signal }) =>
      spec.listPage(clients.get(spec.client, credentials, sdkRegion(region)), { pageSize, token, signal }),
    normalize: spec.normalize,
    ...(spec.legacyUniqueIds ? { legacyUniqueIds: spec.legacyUniqueIds } : {}),
  };
}

/** Fields written by every application kind, on top of its own (see `appFields`). */
const COMMON_APP_FIELDS = ['provider', 'family', 'own', 'active', 'datacenters'] as const;

/** A kind's FIELDS list: its own fields plus the common ones, without duplicates. */
export function appFields(own: readonly string[]): readonly string[] {
  return [...new Set([...own, ...COMMON_APP_FIELDS])];
}

/**
 * One application record: the kind's fields (absent values dropped at every level, `false`/`0` kept), the label
 * constants, `own: 1` and the App `datacenters` block built from `raw`. `unique_id` and `active` are set
 * last so nothing can drop them.
 */
export function applicationRecord(
  ctx: MappingContext,
  raw: object,
  label: AppLabel,
  id: string,
  active: boolean,
  fields: Record<string, unknown>,
  datacenter: Record<string, unknown> = {},
): NormalizedRecord {
  const record = deepCompact({
    ...fields,
    provider: label.provider,
    family: label.family,
    own: 1,
    datacenters: { ...appDatacenter(ctx, raw as Record<string, unknown>), ...datacenter },
  }) as Record<string, unknown>;
  return { ...record, unique_id: id, active };
}

/**
 * `compact` applied at every level: absent values (undefined, null, "", empty arrays and objects) are
 * dropped from nested objects and arrays too, so no record carries `null` entries (a MongoDB driver
 * writes `undefined` as null) while `false`, `0` and Dates are kept.
 */
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

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** `environment` (tag, capitalized) and `tags` (`[{key, value}]`) from an AWS `[{Key, Value}]` list. */
export function tagFields(tags: AwsTag[] | undefined): { environment?: string; tags?: unknown } {
  return compact({ environment: capitalize(tagValue(tags, 'environment')), tags: mapTags(tags) });
}

/** The SDK region for a scope: global services (S3, CloudFront) are called in us-east-1. */
export function sdkRegion(region: string): string {
  const code = regionCode(region);
  return code === '' || code === 'global' ? 'us-east-1' : code;
}

// The service kinds' kit also carries the paging helpers every AWS kind shares.
export { nextToken, pageLimit } from '../paging.js';

/**
 * Collects every page of a listing that must become one record (SQS queues, SES identities of a
 * region): `fetch(token)` returns one page's values and the next token. Bounded so a provider that
 * keeps returning the same token cannot loop forever.
 */
export async function allPages<T>(
  fetch: (token: string | undefined) => Promise<{ values: T[]; next: string | undefined }>,
  maxPages = 1000,
): Promise<T[]> {
  const out: T[] = [];
  let token: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const { values, next } = await fetch(token);
    out.push(...values);
    if (next === undefined || next === token) return out;
    token = next;
  }
  throw new Error(`listing did not end after ${maxPages} pages`);
}

/**
 * The one listing item of a kind aggregated per region (`{[key]: every value of every page}`), or no
 * item when the region has none, so an empty region yields no record.
 */
export async function regionListing<T>(
  key: string,
  fetch: (token: string | undefined) => Promise<{ values: T[]; next: string | undefined }>,
): Promise<ListPageResult> {
  const values = await allPages(fetch);
  return { items: values.length > 0 ? [{ [key]: values }] : [], nextToken: undefined };
}
