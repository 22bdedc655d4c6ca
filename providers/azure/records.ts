/**
 * What every Azure normalizer shares (spec §6.6): ARM ids and the original's `unique_id`, tags, the
 * `datacenters` block, status and the record constructors, on the shared kit (providers/kit/:
 * compaction, dates, tag lookup, application links). Pure.
 */
import { sha1 } from '../../core/canonical.js';
import { withLinks } from '../../core/links.js';
import { applicationLinksFromTags, compact, tagValue as kitTagValue } from '../kit/index.js';
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
  return kitTagValue(isJson(tags) ? tags : undefined, key);
}

function isJson(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * `{k: v}` → `[{key, value}]` (the original's fctTags). Not the kit's `tagList`: an Azure tag may have an
 * empty value (a label-only tag), which is kept here as the original kept it.
 */
export function tagList(tags: unknown): Array<{ key: string; value: string }> | undefined {
  if (!tags || typeof tags !== 'object') return undefined;
  const out = Object.entries(tags as Json)
    .filter(([k, v]) => k !== '' && typeof v === 'string')
    .map(([key, value]) => ({ key, value: value as string }));
  return out.length > 0 ? out : undefined;
}

/** Application link tokens from the `applications` / `applications_id` tags (spec §6.4). */
export function azureLinks(tags: unknown): LinkTokens | undefined {
  return applicationLinksFromTags(isJson(tags) ? tags : undefined);
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

export { toDate } from '../kit/index.js';

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
  const record = compact(
    {
      name: item.name,
      ...body,
      arm_id: item.id,
      environment: tagValue(item.tags, 'environment'),
      tags: tagList(item.tags),
      status: azureStatus(item.provisioningState),
      datacenters: azureDatacenter(ctx, item, opts.datacenter),
    },
    Infinity,
  );
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
