/**
 * What every non-EC2 AWS kind shares: AWS services that are recorded as Maestro `applications`
 * (spec §6.3, §6.5 "Other AWS entities"), and the page-size and region conventions of their listings.
 */
import type { MappingContext, NormalizedRecord } from '../../../core/model.js';
import type { AwsKind } from '../kind.js';
import type { ListPageResult } from '../../types.js';
import { sdkRegion, type AwsClientConfig, type AwsClients } from '../clients.js';

export { sdkRegion };
import { applicationRecord as kitApplicationRecord, type AppLabel } from '../../kit/records.js';
import { appDatacenter, capitalize, compact, mapTags, tagValue, type AwsTag } from '../normalize-helpers.js';

export type { AppLabel };

/**
 * A ResourceKind writing `applications`: `listPage` gets the SDK client of the scope's region (global
 * kinds: us-east-1) and makes one call per page with the operation's own token.
 */
export function applicationKind<C extends { destroy(): void }>(
  clients: AwsClients,
  spec: {
    command: string;
    fields: readonly string[];
    client: new (config: AwsClientConfig) => C;
    listPage: (
      client: C,
      page: { pageSize: number; token: string | undefined; signal: AbortSignal },
    ) => Promise<ListPageResult>;
    normalize: (raw: unknown, ctx: MappingContext) => NormalizedRecord[];
  },
): AwsKind {
  return {
    command: spec.command,
    fields: spec.fields,
    listPage: ({ connection, region, pageSize, token, signal }) =>
      spec.listPage(clients.get(spec.client, connection.credentials, sdkRegion(region)), {
        pageSize,
        token,
        signal,
      }),
    normalize: spec.normalize,
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
  return kitApplicationRecord(label, id, active, fields, {
    ...appDatacenter(ctx, raw as Record<string, unknown>),
    ...datacenter,
  });
}

/** `environment` (tag, capitalized) and `tags` (`[{key, value}]`) from an AWS `[{Key, Value}]` list. */
export function tagFields(tags: AwsTag[] | undefined): { environment?: string; tags?: unknown } {
  return compact({ environment: capitalize(tagValue(tags, 'environment')), tags: mapTags(tags) });
}

// The service kinds' kit also carries the provider kit's paging helpers every AWS kind uses.
export { allPages, nextToken, pageLimit, regionListing } from '../../kit/paging.js';
