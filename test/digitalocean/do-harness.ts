// Shared by test/digitalocean/*: list a kind page by page through the provider's own listPage, hold
// its records to the rules every kind keeps, and compare them with a golden file.
import assert from 'node:assert/strict';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import type { MappingContext, NormalizedRecord } from '../../core/model.js';
import type { ProviderConnection, ResourceKind } from '../../providers/types.js';
import { assertNoNulls } from '../harness/aws-service-checks.js';
import { assertGoldenFile } from '../harness/golden.js';

export const DO_CTX: MappingContext = {
  connectionId: '65a000000000000000000001',
  dc: 'DigitalOcean production',
  dcId: '65a0000000000000000000dc',
  provider: 'Digital Ocean',
};

/** The connection as the crawl hands it to a provider, with these credentials. */
export function conn<C>(credentials: C, regions: string[] = ['all']): ProviderConnection<C> {
  return {
    id: DO_CTX.connectionId,
    provider: DO_CTX.provider,
    service: 'token_do',
    dc: DO_CTX.dc,
    dcId: DO_CTX.dcId,
    regions,
    options: {},
    credentials,
  };
}

export interface Listed {
  pages: number;
  pageSizes: number[];
  records: NormalizedRecord[];
  /** The page tokens the listing went through (each page's nextToken). */
  tokens: string[];
}

export async function listAll<C>(
  kind: ResourceKind<C> & { command?: string },
  credentials: C,
  opts: { pageSize: number; region?: string; ctx?: MappingContext; maxPages?: number },
): Promise<Listed> {
  const out: Listed = { pages: 0, pageSizes: [], records: [], tokens: [] };
  let token: string | undefined;
  do {
    const page = await kind.listPage({
      connection: conn(credentials),
      ...(opts.region === undefined ? {} : { region: opts.region }),
      pageSize: opts.pageSize,
      token,
      signal: AbortSignal.timeout(30_000),
    });
    out.pages += 1;
    out.pageSizes.push(page.items.length);
    for (const item of page.items) out.records.push(...kind.normalize(item, opts.ctx ?? DO_CTX));
    token = page.nextToken;
    if (token !== undefined) out.tokens.push(token);
    assert.ok(
      out.pages <= (opts.maxPages ?? 100),
      `${kind.command ?? 'kind'}: more than ${opts.maxPages ?? 100} pages`,
    );
  } while (token !== undefined);
  const command = kind.command ?? 'kind';
  for (const r of out.records) {
    assertNoNulls(r, `${command} ${r.unique_id}`);
    assert.equal(typeof r.unique_id, 'string');
    assert.equal(typeof r.active, 'boolean');
    for (const key of Object.keys(r))
      assert.ok(kind.fields.includes(key), `${command}: field ${key} is not in its fields`);
  }
  const ids = out.records.map((r) => r.unique_id);
  assert.equal(new Set(ids).size, ids.length, `${command}: duplicate unique_id`);
  return out;
}

/** Records sorted by unique_id, JSON round-tripped (Dates → ISO strings). */
export function shape(records: NormalizedRecord[]): unknown {
  const sorted = [...records].sort((a, b) => a.unique_id.localeCompare(b.unique_id, 'en', { numeric: true }));
  return JSON.parse(JSON.stringify(sorted)) as unknown;
}

/** Compares with test/fixtures/digitalocean/golden/<name>.json (UPDATE_GOLDEN=1 writes it: review it by hand). */
export function assertGolden(name: string, records: NormalizedRecord[]): void {
  assertGoldenFile('digitalocean', name, shape(records));
}

/** Buckets in moto's S3 in a Spaces region (moto keeps the region slug as given). */
export async function seedSpaces(moto: string, region: string, names: string[]): Promise<void> {
  const s3 = new S3Client({
    endpoint: moto,
    forcePathStyle: true,
    region,
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
  });
  for (const Bucket of names)
    await s3.send(
      // Spaces region slugs are not AWS regions; moto keeps them as given.
      new CreateBucketCommand({ Bucket, CreateBucketConfiguration: { LocationConstraint: region as never } }),
    );
  s3.destroy();
}
