// Shared by the per-task AWS tests (test/aws/*.test.ts): crawl one resource kind of the AWS provider
// over the wire (moto, or the recorded-responses server on the same endpoint seam) page by page, and
// compare its normalized documents with a golden file.
import assert from 'node:assert/strict';
import { ObjectId } from 'mongodb';
import type { MappingContext, NormalizedRecord } from '../../core/model.js';
import { awsProvider } from '../../providers/aws/index.js';
import { createAwsRuntime } from '../../providers/aws/runtime.js';
import type { ProviderConnection } from '../../providers/types.js';
import type { AwsCredentials } from '../../providers/aws/credentials.js';
import { assertGoldenFile } from './golden.js';

export const TEST_CREDENTIALS: AwsCredentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };

/** A connection view carrying `credentials`, as the crawl hands it to a kind's listPage. */
export function testConnection<C>(credentials: C): ProviderConnection<C> {
  return {
    id: '65a1f0c2e4b0a1b2c3d4e5f6',
    provider: 'AWS',
    service: 'iam_aws',
    dc: 'Production AWS',
    regions: [],
    options: {},
    credentials,
  };
}

export function mappingContext(region: string): MappingContext {
  return {
    connectionId: '65a1f0c2e4b0a1b2c3d4e5f6',
    dc: 'Production AWS',
    dcId: new ObjectId('65a1f0c2e4b0a1b2c3d4e5f7'),
    provider: 'AWS',
    region,
  };
}

export interface CollectedKind {
  /** Pages the provider returned (a page with zero items counts). */
  pages: number;
  /** Items per page, in order. */
  pageSizes: number[];
  raw: unknown[];
  records: NormalizedRecord[];
}

/**
 * Lists every page of `command` in `region` through the AWS provider's own listPage (so pagination is
 * the product's), then normalizes each raw item. `maxPages` bounds the loop.
 */
export async function collectKind(opts: {
  endpoint: string;
  command: string;
  region: string;
  pageSize: number;
  credentials?: AwsCredentials;
  maxPages?: number;
}): Promise<CollectedKind> {
  const provider = createAwsRuntime({ endpoint: opts.endpoint, timeoutMs: 15_000 });
  try {
    const kind = provider.resources[opts.command];
    assert.ok(kind, `AWS provider has no command ${opts.command}`);
    const ctx = mappingContext(opts.region);
    const out: CollectedKind = { pages: 0, pageSizes: [], raw: [], records: [] };
    let token: string | undefined;
    do {
      const global = awsProvider.commands[opts.command]?.per === 'account';
      const page = await kind.listPage({
        connection: testConnection(opts.credentials ?? TEST_CREDENTIALS),
        ...(global ? {} : { region: opts.region }),
        pageSize: opts.pageSize,
        token,
        signal: AbortSignal.timeout(60_000),
      });
      out.pages += 1;
      out.pageSizes.push(page.items.length);
      out.raw.push(...page.items);
      for (const item of page.items) out.records.push(...kind.normalize(item, ctx));
      token = page.nextToken;
      assert.ok(
        out.pages <= (opts.maxPages ?? 1000),
        `${opts.command}: more than ${opts.maxPages ?? 1000} pages`,
      );
    } while (token !== undefined);
    return out;
  } finally {
    provider.clients.destroy();
  }
}

/** JSON round-trip (Dates → ISO strings, ObjectId → hex) with the named fields replaced by "<masked>". */
export function jsonShape(value: unknown, masked: readonly string[] = []): unknown {
  const mask = new Set(masked);
  return JSON.parse(
    JSON.stringify(value, (key, v: unknown) => (mask.has(key) && v !== undefined ? '<masked>' : v)),
  ) as unknown;
}

/**
 * Compares `actual` (after jsonShape) with test/fixtures/aws/golden/<name>.json. A missing golden
 * file fails the test; UPDATE_GOLDEN=1 writes it instead (review the diff before committing it: the
 * golden file is the spec §6.5 mapping written down, not whatever the code produced).
 */
export function assertGolden(name: string, actual: unknown, masked: readonly string[] = []): void {
  assertGoldenFile('aws', name, jsonShape(actual, masked));
}
