import {
  CloudFrontClient,
  ListStreamingDistributionsCommand,
  type StreamingDistributionSummary,
} from '@aws-sdk/client-cloudfront';
import type { MappingContext, NormalizedRecord } from '../../../core/model.js';
import type { AwsClients } from '../clients.js';
import type { AwsKind } from '../kind.js';
import { capitalize } from '../normalize-helpers.js';
import { appFields, applicationKind, applicationRecord, nextToken, pageLimit } from './applications.js';
import { CLOUDFRONT_LABEL, distributionActive } from './cloudfront-distributions.js';

/** CloudFront RTMP (streaming) distributions → `applications` (spec §6.5), global like web ones. */
export const CLOUDFRONT_STREAMING_FIELDS = appFields(['name', 'role', 'status', 'type']);

export function normalizeStreamingDistribution(raw: unknown, ctx: MappingContext): NormalizedRecord[] {
  const d = raw as StreamingDistributionSummary;
  if (!d.Id) return [];
  return [
    applicationRecord(ctx, d, CLOUDFRONT_LABEL, d.Id, distributionActive(d.Status), {
      name: d.DomainName,
      role: {
        s3_origin: d.S3Origin,
        trusted_signers: d.TrustedSigners,
        Aliases: d.Aliases?.Items,
        price_class: d.PriceClass,
        enabled: d.Enabled,
      },
      status: capitalize(d.Status),
      type: 'RTMP',
    }),
  ];
}

export function cloudFrontStreamingDistributions(clients: AwsClients): AwsKind {
  return applicationKind(clients, {
    command: 'cloudfront.listStreamingDistributions',
    fields: CLOUDFRONT_STREAMING_FIELDS,
    client: CloudFrontClient,
    async listPage(client, { pageSize, token, signal }) {
      const out = await client.send(
        new ListStreamingDistributionsCommand({ MaxItems: pageLimit(pageSize, 1, 1000), Marker: token }),
        { abortSignal: signal },
      );
      const list = out.StreamingDistributionList;
      return {
        items: list?.Items ?? [],
        nextToken: list?.IsTruncated ? nextToken(list.NextMarker) : undefined,
      };
    },
    normalize: normalizeStreamingDistribution,
  });
}
