// The GCP fake and the provider's client layer over the wire: the official clients (Compute REST,
// Storage JSON API) against tooling/fakes/gcp with a real-format service-account key that signs its
// own JWTs; every list pages (≥ 3 pages), Google's error bodies are classified, and everything the fake
// served conforms to the discovery documents.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { request } from 'undici';
import { ErrorType } from '../../core/errors.js';
import { GcpClients, type ComputeCollection } from '../../providers/gcp/clients.js';
import { classifyGcpError } from '../../providers/gcp/errors.js';
import { MachineTypeCache } from '../../providers/gcp/machine-types.js';
import { aggregatedPage, bucketsPage, globalPage, type GcpPage } from '../../providers/gcp/paging.js';
import { projectsUnder } from '../../providers/gcp/projects.js';
import { googleErrors } from '../../tooling/fakes/gcp/errors.js';
import type { Collection } from '../../tooling/fakes/gcp/world.js';
import { FOLDER, ORG, PROD_COUNTS, startGcpTestWorld, type GcpTestWorld } from '../harness/gcp-world.js';

const signal = new AbortController().signal;
const AGGREGATED: ComputeCollection[] = [
  'instances',
  'disks',
  'subnetworks',
  'forwardingRules',
  'backendServices',
];
const GLOBAL: ComputeCollection[] = ['snapshots', 'images', 'networks', 'routes', 'firewalls'];

async function pageAll(
  one: (token: string | undefined) => Promise<GcpPage>,
): Promise<{ items: unknown[]; pages: number }> {
  const items: unknown[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const page = await one(token);
    pages += 1;
    items.push(...page.items);
    token = page.nextToken;
    assert.ok(pages < 100, 'paging does not end');
  } while (token !== undefined);
  return { items, pages };
}

function ids(items: unknown[]): string[] {
  return items.map((i) => String((i as { id?: string }).id));
}

void describe('GCP fake and client layer', () => {
  let w: GcpTestWorld;
  let clients: GcpClients;
  before(async () => {
    w = await startGcpTestWorld();
    clients = new GcpClients(w.key, { url: w.gcp.endpoint, timeoutMs: 5000 });
  });
  after(async () => {
    await clients.close();
    await w.gcp.close();
  });

  for (const collection of [...AGGREGATED, ...GLOBAL]) {
    void test(`${collection}: pages of 3 through nextPageToken, every resource once`, async () => {
      const list = AGGREGATED.includes(collection) ? aggregatedPage : globalPage;
      const before = w.gcp.fake.requests.length;
      const got = await pageAll((t) => list(clients, collection, 'acme-prod', 3, t, signal));
      const want = w.gcp.world.projects[0]?.resources[collection as Collection] ?? [];
      assert.equal(got.items.length, PROD_COUNTS[collection as Collection]);
      assert.deepEqual(ids(got.items), ids(want));
      assert.ok(got.pages >= 3, `${got.pages} pages`);
      const sent = w.gcp.fake.requests.slice(before);
      assert.equal(sent.length, got.pages);
      assert.ok(sent.every((r) => r.status === 200 && r.query.includes('maxResults=3')));
      assert.ok(sent.slice(1).every((r) => r.query.includes('pageToken=')));
    });
  }

  void test('aggregated pages drop the proto defaults and the warning-only scopes', async () => {
    const page = await aggregatedPage(clients, 'instances', 'acme-prod', 3, undefined, signal);
    const text = JSON.stringify(page.items);
    assert.equal(text.includes('"_id"'), false);
    assert.equal(text.includes('[]'), false);
    assert.equal(text.includes('NO_RESULTS_ON_PAGE'), false);
    assert.ok(page.items.every((i) => typeof (i as { id?: unknown }).id === 'string'));
  });

  void test('buckets: the Storage JSON API pages with maxResults/pageToken', async () => {
    const got = await pageAll((t) => bucketsPage(clients, 'acme-prod', 3, t, signal));
    assert.equal(got.items.length, PROD_COUNTS.buckets);
    assert.ok(got.pages >= 3);
  });

  void test('a page size above 500 is clamped (Compute refuses maxResults > 500)', async () => {
    const before = w.gcp.fake.requests.length;
    await globalPage(clients, 'networks', 'acme-prod', 5000, undefined, signal);
    assert.match(w.gcp.fake.requests[before]?.query ?? '', /maxResults=500\b/);
  });

  void test('the fake refuses a missing or foreign JWT with Google 401 bodies', async () => {
    const url = `${w.gcp.endpoint}/compute/v1/projects/acme-prod/global/networks`;
    const none = await request(url);
    assert.equal(none.statusCode, 401);
    assert.equal(((await none.body.json()) as { error: { status: string } }).error.status, 'UNAUTHENTICATED');
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const foreign = new GcpClients(
      { ...w.key, private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string },
      { url: w.gcp.endpoint, timeoutMs: 5000 },
    );
    try {
      await assert.rejects(globalPage(foreign, 'networks', 'acme-prod', 3, undefined, signal), (err) => {
        assert.equal(classifyGcpError(err).type, ErrorType.InvalidCredentials);
        return true;
      });
    } finally {
      await foreign.close();
    }
  });

  void test('errors: denied project → PermissionDenied, Compute disabled → skipped with SERVICE_DISABLED', async () => {
    await assert.rejects(aggregatedPage(clients, 'instances', 'acme-denied', 3, undefined, signal), (err) => {
      const c = classifyGcpError(err);
      assert.equal(c.type, ErrorType.PermissionDenied);
      assert.match(c.message, /compute\.instances\.list/);
      return true;
    });
    await assert.rejects(bucketsPage(clients, 'acme-denied', 3, undefined, signal), (err) => {
      assert.equal(classifyGcpError(err).type, ErrorType.PermissionDenied);
      return true;
    });
    await assert.rejects(globalPage(clients, 'networks', 'acme-nocompute', 3, undefined, signal), (err) => {
      const c = classifyGcpError(err);
      assert.equal(c.type, ErrorType.RegionDisabled);
      assert.match(c.message, /SERVICE_DISABLED/);
      assert.deepEqual(c.details.reasons, ['accessNotConfigured', 'SERVICE_DISABLED']);
      return true;
    });
    // Storage is enabled there: its buckets list.
    assert.equal((await bucketsPage(clients, 'acme-nocompute', 10, undefined, signal)).items.length, 2);
  });

  void test('errors: 429 RESOURCE_EXHAUSTED → Throttled with Retry-After; 503 → Transient (Compute and Storage)', async () => {
    const calls = [
      () => aggregatedPage(clients, 'disks', 'acme-prod', 3, undefined, signal),
      () => bucketsPage(clients, 'acme-prod', 3, undefined, signal),
    ];
    for (const call of calls) {
      w.gcp.fake.inject({ match: () => true, ...googleErrors.rateLimited(), retryAfter: 7, times: 1 });
      await assert.rejects(call(), (err) => {
        const c = classifyGcpError(err);
        assert.equal(c.type, ErrorType.Throttled);
        assert.equal((c as { retryAfterMs?: number }).retryAfterMs, 7000);
        return true;
      });
      w.gcp.fake.inject({ match: () => true, ...googleErrors.unavailable(), times: 1 });
      await assert.rejects(call(), (err) => {
        const c = classifyGcpError(err);
        assert.equal(c.type, ErrorType.Transient);
        assert.equal(c.retryable, true);
        return true;
      });
    }
    w.gcp.fake.clearFaults();
  });

  void test('a dropped connection mid-body is Transient', async () => {
    w.gcp.fake.inject({ match: 'global/routes', truncate: true, times: 1 });
    await assert.rejects(globalPage(clients, 'routes', 'acme-prod', 3, undefined, signal), (err) => {
      assert.equal(classifyGcpError(err).type, ErrorType.Transient);
      return true;
    });
  });

  void test('machine types: one catalogue call per (zone, type), custom types parsed, unknown remembered', async () => {
    const cache = new MachineTypeCache();
    const before = w.gcp.fake.requests.length;
    const got = await cache.lookup(clients, 'acme-prod', [
      { zone: 'us-central1-a', name: 'n2-standard-4' },
      { zone: 'us-central1-a', name: 'n2-standard-4' },
      { zone: 'europe-west1-b', name: 'e2-custom-2-4096' },
      { zone: 'us-central1-a', name: 'no-such-type' },
    ]);
    assert.deepEqual(got.get('us-central1-a/n2-standard-4'), { guestCpus: 4, memoryMb: 16384 });
    assert.deepEqual(got.get('europe-west1-b/e2-custom-2-4096'), { guestCpus: 2, memoryMb: 4096 });
    assert.equal(got.get('us-central1-a/no-such-type'), undefined);
    assert.equal(cache.fetches, 2);
    await cache.lookup(clients, 'acme-prod', [
      { zone: 'us-central1-a', name: 'n2-standard-4' },
      { zone: 'us-central1-a', name: 'no-such-type' },
    ]);
    assert.equal(cache.fetches, 2);
    const calls = w.gcp.fake.requests.slice(before).map((r) => `${r.path} ${r.status}`);
    assert.deepEqual(calls.sort(), [
      '/compute/v1/projects/acme-prod/zones/us-central1-a/machineTypes/n2-standard-4 200',
      '/compute/v1/projects/acme-prod/zones/us-central1-a/machineTypes/no-such-type 404',
    ]);
  });

  void test('projects of an organization: ACTIVE ones, nested folders included, every page', async () => {
    const before = w.gcp.fake.requests.length;
    assert.deepEqual(await projectsUnder(clients, ORG, signal, 1), [
      'acme-prod',
      'acme-denied',
      'acme-nocompute',
    ]);
    const calls = w.gcp.fake.requests.slice(before);
    // Page size 1: two projects and two folders under the org take 2 + 2 pages (+ 1 each for the folder).
    assert.ok(calls.filter((r) => r.route === 'projects.list').length >= 3);
    assert.ok(
      calls.some((r) => r.route === 'folders.list' && new URLSearchParams(r.query).get('parent') === FOLDER),
    );
    assert.equal(
      calls.some((r) => r.query.includes('999999')),
      false,
      'a deleted folder is not descended',
    );
    assert.deepEqual(await projectsUnder(clients, FOLDER, signal), ['acme-nocompute']);
  });

  void test('everything the fake served conforms to the discovery documents', () => {
    assert.ok(w.gcp.fake.requests.filter((r) => r.status === 200).length > 30);
    assert.deepEqual(w.gcp.fake.violations, []);
  });
});
