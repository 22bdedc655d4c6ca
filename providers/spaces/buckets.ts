import { ListBucketsCommand, S3Client, type Bucket } from '@aws-sdk/client-s3';
import type { MappingContext, NormalizedRecord } from '../../core/model.js';
import { regionCode } from '../../core/regions.js';
import type { ListPageInput, ListPageResult } from '../types.js';
import type { SpacesCredentials } from './credentials.js';

export const SPACES_LABEL = { provider: 'Spaces (DigitalOcean)', family: 'ObjectStorage' } as const;
export const SPACES_FIELDS = [
  'name',
  'created_at',
  'provider',
  'family',
  'own',
  'unique_id',
  'active',
  'datacenters',
] as const;

/**
 * Spaces buckets → `applications`, provider `Spaces (DigitalOcean)`, family `ObjectStorage` (spec §6.7
 * "Spaces buckets"): `name` and `unique_id` are the bucket name, `created_at` its creation date,
 * `datacenters.region` the scope's region (a Spaces endpoint lists the buckets of its region). A listed
 * bucket is `active`.
 */
export function normalizeSpacesBucket(raw: unknown, ctx: MappingContext): NormalizedRecord[] {
  const b = raw as Bucket & { CreationDate?: Date | string };
  if (!b.Name) return [];
  const created = b.CreationDate === undefined ? undefined : new Date(b.CreationDate);
  const datacenters: Record<string, unknown> = { provider: ctx.provider };
  if (ctx.region) datacenters.region = ctx.region;
  if (ctx.dc) datacenters.name = ctx.dc;
  if (ctx.dcId !== undefined && ctx.dcId !== null && ctx.dcId !== '') datacenters._id = ctx.dcId;
  return [
    {
      name: b.Name,
      ...(created && !Number.isNaN(created.getTime()) ? { created_at: created } : {}),
      provider: SPACES_LABEL.provider,
      family: SPACES_LABEL.family,
      own: 1,
      datacenters,
      unique_id: b.Name,
      active: true,
    },
  ];
}

export interface SpacesOptions {
  /** Endpoint template, `{region}` replaced by the scope's region code. */
  endpoint: string;
  timeoutMs: number;
}

/** One S3 client per (keys, region), path-style (the bucket in the path, as every S3-compatible server takes it). */
export class SpacesClients {
  private readonly clients = new Map<string, S3Client>();
  constructor(private readonly options: SpacesOptions) {}

  endpointFor(region: string): string {
    return this.options.endpoint.replaceAll('{region}', region);
  }

  get(credentials: SpacesCredentials, region: string): S3Client {
    const key = `${credentials.access}\u0000${credentials.secret}\u0000${region}`;
    let client = this.clients.get(key);
    if (!client) {
      client = new S3Client({
        endpoint: this.endpointFor(region),
        forcePathStyle: true,
        // SigV4 needs a region; Spaces accepts its own slug (or us-east-1) in the credential scope.
        region,
        credentials: { accessKeyId: credentials.access, secretAccessKey: credentials.secret },
        maxAttempts: 1,
        requestHandler: { requestTimeout: this.options.timeoutMs, connectionTimeout: this.options.timeoutMs },
      });
      this.clients.set(key, client);
    }
    return client;
  }

  destroy(): void {
    for (const c of this.clients.values()) c.destroy();
    this.clients.clear();
  }
}

/**
 * One page of ListBuckets at the region's endpoint: `MaxBuckets` = the crawl page size and the
 * `ContinuationToken` as the page token. A server that truncates at MaxBuckets without giving a
 * token (moto; possibly Spaces) cannot page: the listing is then read again without MaxBuckets, whole,
 * so nothing is silently cut off (the original's §12.2 weakness).
 */
export async function listBucketsPage(
  clients: SpacesClients,
  { connection, region, pageSize, token, signal }: ListPageInput<SpacesCredentials>,
): Promise<ListPageResult> {
  if (!region) throw new Error('spaces.listBuckets is planned per region: no region given');
  const client = clients.get(connection.credentials, regionCode(region));
  const max = Math.max(1, Math.min(10_000, Math.floor(pageSize) || 1000));
  const out = await client.send(new ListBucketsCommand({ MaxBuckets: max, ContinuationToken: token }), {
    abortSignal: signal,
  });
  const items = out.Buckets ?? [];
  if (out.ContinuationToken) return { items, nextToken: out.ContinuationToken };
  if (token === undefined && items.length >= max) {
    const all = await client.send(new ListBucketsCommand({}), { abortSignal: signal });
    return { items: all.Buckets ?? [], nextToken: undefined };
  }
  return { items, nextToken: undefined };
}
