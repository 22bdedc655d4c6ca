import {
  CloudFrontClient,
  ListDistributionsCommand,
  type DistributionSummary,
} from '@aws-sdk/client-cloudfront';
import type { MappingContext, NormalizedRecord } from '../../../core/model.js';
import type { AwsClients } from '../clients.js';
import type { AwsKind } from '../kind.js';
import { capitalize } from '../normalize-helpers.js';
import {
  appFields,
  type AppLabel,
  applicationKind,
  applicationRecord,
  nextToken,
  pageLimit,
} from './applications.js';

/**
 * CloudFront web distributions → `applications` (spec §6.5), a global kind (crawled once per
 * connection). `unique_id` is the distribution id (global). `state` is `Enabled`, kept when false.
 */
export const CLOUDFRONT_LABEL: AppLabel = { provider: 'CloudFront (AWS)', family: 'CDN' };
export const CLOUDFRONT_FIELDS = appFields([
  'name',
  'origins',
  'cache_behavior',
  'role',
  'status',
  'state',
  'type',
]);

const INACTIVE = new Set(['failed', 'active_impaired', 'deleting']);

/** `active` of either distribution kind, from its `Status`. */
export function distributionActive(status: string | undefined): boolean {
  return !INACTIVE.has(status ?? '');
}

export function normalizeDistribution(raw: unknown, ctx: MappingContext): NormalizedRecord[] {
  const d = raw as DistributionSummary;
  if (!d.Id) return [];
  return [
    applicationRecord(ctx, d, CLOUDFRONT_LABEL, d.Id, distributionActive(d.Status), {
      name: d.DomainName,
      origins: d.Origins,
      cache_behavior: d.CacheBehaviors,
      role: {
        origins: d.Origins?.Items,
        default_cache_behavior: d.DefaultCacheBehavior,
        cache_behaviors: d.CacheBehaviors?.Items,
        custom_error: d.CustomErrorResponses?.Items,
        restrictions: d.Restrictions,
        web_acl_id: d.WebACLId,
        http_version: d.HttpVersion,
        ipv6_enabled: d.IsIPV6Enabled,
      },
      status: capitalize(d.Status),
      state: d.Enabled,
      type: 'Web',
    }),
  ];
}

export function cloudFrontDistributions(clients: AwsClients): AwsKind {
  return applicationKind(clients, {
    command: 'cloudfront.listDistributions',
    fields: CLOUDFRONT_FIELDS,
    client: CloudFrontClient,
    async listPage(client, { pageSize, token, signal }) {
      const out = await client.send(
        new ListDistributionsCommand({ MaxItems: pageLimit(pageSize, 1, 1000), Marker: token }),
        {
          abortSignal: signal,
        },
      );
      const list = out.DistributionList;
      return {
        items: list?.Items ?? [],
        nextToken: list?.IsTruncated ? nextToken(list.NextMarker) : undefined,
      };
    },
    normalize: normalizeDistribution,
  });
}
