// S3 transport (spec §5.6 "S3"): ListObjectsV2 under the connection's prefix, continuation token by
// continuation token (one listing page per token: the page token holds it), and GetObject streamed.
// Fixes of the original: an empty prefix lists the whole bucket (the original's `Contents` TypeError was
// swallowed, so nothing was read and nothing said); no file at all is an error, not an empty success.
import type { Readable } from 'node:stream';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { classifyAwsError } from '../../aws/errors.js';
import type { FileSource } from '../cursor.js';
import { FileDataError } from '../errors.js';

export interface S3Options {
  bucket: string;
  /** Key prefix ("" or "/": the whole bucket). Leading slashes are dropped, as S3 keys have none. */
  prefix: string;
  access: string;
  secret: string;
  /** AWS_ENDPOINT_URL (moto in the tests); empty: AWS. */
  endpoint: string;
  /** Region of the first request; S3 redirects to the bucket's own region. */
  region: string;
  timeoutMs: number;
  /** Keys per ListObjectsV2 page (MaxKeys, at most 1000). */
  maxKeys: number;
}

export function s3Prefix(path: string): string {
  return path.replace(/^\/+/, '');
}

export function s3Source(opts: S3Options): FileSource {
  const client = new S3Client({
    region: opts.region,
    credentials: { accessKeyId: opts.access, secretAccessKey: opts.secret },
    followRegionRedirects: true,
    maxAttempts: 1,
    requestHandler: { requestTimeout: opts.timeoutMs, connectionTimeout: opts.timeoutMs },
    ...(opts.endpoint ? { endpoint: opts.endpoint, forcePathStyle: true } : {}),
  });
  const prefix = s3Prefix(opts.prefix);
  return {
    where: `s3://${opts.bucket}/${prefix}`,
    async list(token, signal) {
      try {
        const out = await client.send(
          new ListObjectsV2Command({
            Bucket: opts.bucket,
            Prefix: prefix || undefined,
            MaxKeys: Math.max(1, Math.min(1000, opts.maxKeys)),
            ContinuationToken: token,
          }),
          { abortSignal: signal },
        );
        const names = (out.Contents ?? [])
          .map((o) => o.Key)
          // "Folder" placeholder objects (`dir/`) hold no file.
          .filter((k): k is string => typeof k === 'string' && !k.endsWith('/'));
        return { names, next: out.IsTruncated ? out.NextContinuationToken : undefined };
      } catch (err) {
        throw s3Error(err, `s3://${opts.bucket}/${prefix}`);
      }
    },
    async open(name, signal) {
      try {
        const out = await client.send(new GetObjectCommand({ Bucket: opts.bucket, Key: name }), {
          abortSignal: signal,
        });
        return out.Body as Readable;
      } catch (err) {
        throw s3Error(err, `s3://${opts.bucket}/${name}`);
      }
    },
    close: () => {
      client.destroy();
      return Promise.resolve();
    },
  };
}

/**
 * NoSuchBucket: the scope fails naming the bucket. Everything else as the AWS provider classifies it
 * (bad keys → InvalidCredentials, AccessDenied → PermissionDenied, SlowDown → Throttled, else
 * Transient; NoSuchKey too: a key listed a moment ago and deleted since is gone from the next listing).
 */
function s3Error(err: unknown, where: string): Error {
  const name = (err as { name?: string } | null)?.name;
  if (name === 'NoSuchBucket') return new FileDataError(where, 'no such bucket');
  return classifyAwsError(err);
}
