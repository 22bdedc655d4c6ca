import { ListBucketsCommand, S3Client, type Bucket } from '@aws-sdk/client-s3';
import type { MappingContext, NormalizedRecord } from '../../../core/model.js';
import type { AwsClients } from '../clients.js';
import type { AwsKind } from '../kind.js';
import { toDate } from '../normalize-helpers.js';
import { appFields, type AppLabel, applicationKind, applicationRecord, nextToken } from './applications.js';

/**
 * S3 buckets → `applications` (spec §6.5), a global kind: listed once per connection, not once per
 * region (§12.7: the original rewrote every bucket per region). Bucket names are globally unique, so
 * `unique_id` is the name. `datacenters.region` is the bucket's own region when AWS reports it.
 */
export const S3_LABEL: AppLabel = { provider: 'S3 (AWS)', family: 'ObjectStorage' };
export const S3_FIELDS = appFields(['name', 'created_at']);

/** The API maximum: AWS pages with ContinuationToken beyond it. */
const MAX_BUCKETS = 10_000;

export function normalizeS3Bucket(raw: unknown, ctx: MappingContext): NormalizedRecord[] {
  const b = raw as Bucket;
  if (!b.Name) return [];
  const region = b.BucketRegion ? { region: b.BucketRegion } : {};
  return [
    applicationRecord(
      ctx,
      b,
      S3_LABEL,
      b.Name,
      true,
      { name: b.Name, created_at: toDate(b.CreationDate) },
      region,
    ),
  ];
}

export function s3Buckets(clients: AwsClients): AwsKind {
  return applicationKind(clients, {
    command: 's3.listBuckets',
    fields: S3_FIELDS,
    client: S3Client,
    // Always the API maximum rather than the crawl page size: ListBuckets pages are cheap, and a
    // server that ignores ContinuationToken (moto) then still returns every bucket.
    async listPage(client, { token, signal }) {
      const out = await client.send(
        new ListBucketsCommand({ MaxBuckets: MAX_BUCKETS, ContinuationToken: token }),
        {
          abortSignal: signal,
        },
      );
      return { items: out.Buckets ?? [], nextToken: nextToken(out.ContinuationToken) };
    },
    normalize: normalizeS3Bucket,
  });
}
