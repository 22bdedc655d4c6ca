// What the Azure tests share: the fake ARM server with the test principal, a mapping context, listing
// a whole kind page by page, and golden-file comparison (test/fixtures/azure/golden/<name>.json).
import assert from 'node:assert/strict';
import type { MappingContext, NormalizedRecord } from '../../core/model.js';
import { AzureClients } from '../../providers/azure/clients.js';
import type { AzureCredentials } from '../../providers/azure/credentials.js';
import type { AzureKind } from '../../providers/azure/listing.js';
import { startFakeArm, type FakeArm, type FakeArmOptions } from '../../tooling/fakes/azure/arm.js';
import { assertGoldenFile } from './golden.js';

export const AZ_TENANT = '72f988bf-0000-4000-8000-00000000aaaa';
export const AZ_CLIENT = '3c5a1b2d-0000-4000-8000-00000000bbbb';
export const AZ_SECRET = 'azure-test-secret-do-not-log';
export const AZ_SUB1 = '11111111-aaaa-4000-8000-000000000001';
export const AZ_SUB2 = '22222222-bbbb-4000-8000-000000000002';

export const AZ_CREDENTIALS: AzureCredentials = {
  tenant: AZ_TENANT,
  client: AZ_CLIENT,
  secret: AZ_SECRET,
  sub: AZ_SUB1,
};

export function startAzureFake(opts: Partial<FakeArmOptions> = {}): Promise<FakeArm> {
  return startFakeArm({
    tenant: AZ_TENANT,
    clientId: AZ_CLIENT,
    secret: AZ_SECRET,
    subscriptions: [AZ_SUB1, AZ_SUB2],
    ...opts,
  });
}

export function clientsFor(fake: FakeArm): AzureClients {
  return new AzureClients({ authorityHost: fake.authorityHost, armEndpoint: fake.url });
}

export const AZ_CTX: MappingContext = {
  connectionId: '64b000000000000000000001',
  dc: 'Azure test',
  dcId: '64b0000000000000000000dc',
  provider: 'Azure',
  region: 'global',
};

/** Every page of a kind for one subscription: the items and the number of pages. */
export async function listAll(
  kind: AzureKind,
  credentials: AzureCredentials,
  subscription: string,
): Promise<{ items: unknown[]; pages: number; tokens: string[] }> {
  const items: unknown[] = [];
  const tokens: string[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const page = await kind.listPage({
      credentials,
      subscription,
      token,
      signal: AbortSignal.timeout(30_000),
    });
    items.push(...page.items);
    pages += 1;
    token = page.nextToken;
    if (token) tokens.push(token);
    assert.ok(pages < 100, 'listing does not end');
  } while (token);
  return { items, pages, tokens };
}

function jsonShape(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}

/** Compares records with test/fixtures/azure/golden/<name>.json (UPDATE_GOLDEN=1 writes it). */
export function assertAzureGolden(name: string, records: NormalizedRecord[]): void {
  assertGoldenFile('azure', name, jsonShape(records));
}
