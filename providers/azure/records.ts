/**
 * What every Azure normalizer shares (spec §6.6): ARM ids and the original's `unique_id`, tags, the
 * `datacenters` block, status and the record constructors. Pure.
 */
import { sha1 } from '../../core/canonical.js';
import { applicationTokens, withLinks } from '../../core/links.js';
import type { LinkTokens, MappingContext, NormalizedRecord } from '../../core/model.js';

export type Json = Record<string, unknown>;

export interface ArmIdParts {
  subscription: string;
  resourceGroup: string;
  namespace: string;
  type: string;
  name: string;
}

/**
 * `/subscriptions/<sub>/resourceGroups/<rg>/providers/<ns>/<type>/<name>` (case-insensitive, as ARM ids
 * are; a missing leading slash tolerated, as in `creationData.sourceResourceId`). Child resources
 * (`…/networkInterfaces/nic/ipConfigurations/x`) are not top-level ids: undefined.
 */
export function parseArmId(id: unknown): ArmIdParts | undefined {
  if (typeof id !== 'string') return undefined;
  const m =
    /^\/?subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/([^/]+)\/([^/]+)\/([^/]+)$/i.exec(id);
  if (!m) return undefined;
  return { subscription: m[1]!, resourceGroup: m[2]!, namespace: m[3]!, type: m[4]!, name: m[5]! };
}

/**
 * `unique_id` of an Azure resource (spec §6.6): SHA-1 hex of `<subscription>_<resourceGroup>_<name>`,
 * **lower-cased**. ARM ids are case-insensitive and ARM returns the same resource group in varying case
 * (VM ids from `listAll` often upper-case it, the NIC pointing at the VM does not); the original hashed the
 * parts as returned, so one resource could get two ids. Lower-casing makes the id stable; documents the
 * original wrote under the as-returned casing are found through `legacyAzureUniqueIds`.
 */
export function azureUniqueId(id: unknown): string | undefined {
  const p = parseArmId(id);
  return p ? sha1(`${p.subscription}_${p.resourceGroup}_${p.name}`.toLowerCase()) : undefined;
}

/**
 * The id the original computed for this ARM id (parts exactly as returned, its case-sensitive regex
 * `^/subscriptions/(.*)/resourceGroups/(.*)/providers/<ns>/<type>/(.*)`), when it differs from
 * `azureUniqueId`: what a document the old discovery-api wrote is keyed by.
 */
export function legacyAzureUniqueIds(armId: unknown): string[] {
  if (typeof armId !== 'string') return [];
  const m = /^\/subscriptions\/(.*)\/resourceGroups\/(.*)\/providers\/[^/]+\/[^/]+\/(.*)$/.exec(armId);
  if (!m) return [];
  const legacy = sha1(`${m[1]}_${m[2]}_${m[3]}`);
  return legacy === azureUniqueId(armId) ? [] : [legacy];
}

/** A tag value, the key matched case-insensitively (Azure tag names are case-insensitive). */
export function tagValue(tags: unknown, key: string): string | undefined {
  if (!tags || typeof tags !== 'object') return undefined;
  const want = key.toLowerCase();
  for (const [k, v] of Object.entries(tags as Json))
    if (k.toLowerCase() === want && typeof v === 'string') return v;
  return undefined;
}

/** `{k: v}` → `[{key, value}]` (the original's fctTags). */
export function tagList(tags: unknown): Array<{ key: string; value: string }> | undefined {
  if (!tags || typeof tags !== 'object') return undefined;
  const out = Object.entries(tags as Json)
    .filter(([k, v]) => k !== '' && typeof v === 'string')
    .map(([key, value]) => ({ key, value: value as string }));
  return out.length > 0 ? out : undefined;
}

/** Application link tokens from the `applications` / `applications_id` tags (spec §6.4). */
export function azureLinks(tags: unknown): LinkTokens | undefined {
  return applicationTokens(tagValue(tags, 'applications'), tagValue(tags, 'applications_id'));
}

/**
 * `status` from `provisioningState`: `Succeeded` → `Active` as the original; any other state as it is
 * (`Failed`, `Updating`, `Deleting`), where the original wrote the misspelt constant `Avaliable`.
 */
export function azureStatus(provisioningState: unknown): string | undefined {
  if (typeof provisioningState !== 'string' || provisioningState === '') return undefined;
  if (provisioningState.toLowerCase() === 'succeeded') return 'Active';
  return provisioningState.charAt(0).toUpperCase() + provisioningState.slice(1);
}

/**
 * `active`: false while ARM deletes the resource. The original wrote `true` for every listed resource;
 * a resource that disappears from the listing is deactivated by the sweep.
 */
export function azureActive(provisioningState: unknown): boolean {
  return !(typeof provisioningState === 'string' && /^delet/i.test(provisioningState));
}

/**
 * The `datacenters` block (spec §6.6 `fctDc`): connection datacenter, provider, region = `location`,
 * zones, `type: Virtual`, `resource` = the ARM type, plus the scope context the original lacked:
 * subscription and resource group (as ARM returned it).
 */
export function azureDatacenter(ctx: MappingContext, item: Json, extra: Json = {}): Json {
  const parts = parseArmId(item.id);
  return {
    name: ctx.dc,
    provider: ctx.provider,
    _id: ctx.dcId,
    region: item.location,
    zones: item.zones,
    type: 'Virtual',
    resource: item.type,
    subscription: parts?.subscription,
    resource_group: parts?.resourceGroup,
    ...extra,
  };
}

/**
 * Absent values (undefined, null, "", empty arrays and objects) dropped at every level; `false`, `0` and
 * Dates kept (the original's truthy filter dropped `false`/`0`, §12.6).
 */
export function deepCompact(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(deepCompact).filter((v) => v !== undefined);
    return items.length > 0 ? items : undefined;
  }
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const out: Json = {};
    for (const [k, v] of Object.entries(value)) {
      const c = deepCompact(v);
      if (c !== undefined) out[k] = c;
    }
    return Object.keys(out).length > 0 ? out : undefined;
  }
  return value === null || value === '' ? undefined : value;
}

export function toDate(v: unknown): Date | undefined {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? undefined : v;
  if (typeof v === 'string' && v !== '') {
    const d = new Date(v);
    return Number.isNaN(d.getTime()) ? undefined : d;
  }
  return undefined;
}

/**
 * One Azure record: `unique_id` from the ARM id (none: no record), the ARM id as `arm_id`, the body
 * compacted, the common fields (`environment`/`tags` from the tags, `datacenters`), and the application
 * link tokens of the tags.
 */
export function azureRecord(
  ctx: MappingContext,
  item: Json,
  body: Json,
  opts: { datacenter?: Json; links?: boolean } = {},
): NormalizedRecord[] {
  const uniqueId = azureUniqueId(item.id);
  if (!uniqueId) return [];
  const active = azureActive(item.provisioningState);
  const record = deepCompact({
    name: item.name,
    ...body,
    arm_id: item.id,
    environment: tagValue(item.tags, 'environment'),
    tags: tagList(item.tags),
    status: azureStatus(item.provisioningState),
    datacenters: azureDatacenter(ctx, item, opts.datacenter),
  }) as Json;
  const out: NormalizedRecord = { ...record, unique_id: uniqueId, active };
  return [opts.links ? withLinks(out, azureLinks(item.tags)) : out];
}

/** Owned fields of every Azure kind, on top of its own. */
export const AZURE_COMMON_FIELDS = [
  'name',
  'unique_id',
  'arm_id',
  'environment',
  'tags',
  'status',
  'active',
  'datacenters',
] as const;

export function azureFields(...own: string[]): readonly string[] {
  return [...new Set([...AZURE_COMMON_FIELDS, ...own])];
}
