// DO Spaces `storage-object-list` over the wire: the S3 client with a custom endpoint per region and
// path-style addressing, on moto's S3 — directly, and behind the regional-endpoint fake that pages
// ListBuckets as S3 does (moto does not) and checks the Spaces key.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { InvalidCredentialsError, PermissionDeniedError, ThrottledError } from '../../core/errors.js';
import { spacesProvider } from '../../providers/spaces/index.js';
import { createSpacesRuntime } from '../../providers/spaces/runtime.js';
import type { FakeServer } from '../../tooling/fakes/kit.js';
import { s3Error, startSpacesEndpoints } from '../../tooling/fakes/digitalocean/spaces.js';
import { resetMoto } from '../harness/aws-seed.js';
import { requirePeers } from '../harness/env.js';
import { DO_CTX, assertGolden, conn, listAll, seedSpaces } from './do-harness.js';

const { awsEndpoint: moto } = requirePeers();
const KEYS = { access: 'DO00SPACESKEY', secret: 'spaces-secret' };

void describe('Spaces storage-object-list', () => {
  let endpoints: FakeServer;
  let provider: ReturnType<typeof createSpacesRuntime>;
  const kind = () => {
    const k = provider.resources['spaces.listBuckets'];
    assert.ok(k);
    return k;
  };
  const NYC3 = ['assets-nyc3', 'backups-nyc3', 'logs-nyc3', 'media-nyc3', 'static-nyc3'];
  before(async () => {
    await resetMoto(moto);
    await seedSpaces(moto, 'nyc3', NYC3);
    await seedSpaces(moto, 'ams3', ['assets-ams3', 'logs-ams3']);
    endpoints = await startSpacesEndpoints({ moto, access: KEYS.access });
  });
  beforeEach(() => {
    provider?.clients.destroy();
    provider = createSpacesRuntime({ endpoint: `${endpoints.url}/{region}`, timeoutMs: 10_000 });
    endpoints.clearFaults();
    endpoints.requests.length = 0;
  });
  after(async () => {
    provider?.clients.destroy();
    await endpoints?.close();
  });

  void test('one task, one command per region; aliases token-less: spaces_do and Spaces (DO)', () => {
    assert.deepEqual(spacesProvider.tasks, { 'storage-object-list': ['spaces.listBuckets'] });
    assert.deepEqual(spacesProvider.services, ['spaces_do', 'Spaces (DO)']);
    assert.equal(spacesProvider.commands['spaces.listBuckets']?.per, 'region');
    assert.deepEqual(
      spacesProvider.regions?.(conn(KEYS, ['nyc3 (New York 3)', 'ams3 (Amsterdam 3)', 'all'])),
      ['nyc3 (New York 3)', 'ams3 (Amsterdam 3)'],
    );
  });

  void test('nyc3 in three pages at the region endpoint, golden; ams3 lists only its own', async () => {
    const ctx = { ...DO_CTX, provider: 'Spaces', region: 'nyc3 (New York 3)' };
    const got = await listAll(kind(), KEYS, { pageSize: 2, region: 'nyc3 (New York 3)', ctx });
    assert.deepEqual(got.pageSizes, [2, 2, 1]);
    assert.deepEqual(got.records.map((r) => r.unique_id).sort(), NYC3);
    assert.ok(got.records.every((r) => r.created_at instanceof Date));
    assert.ok(endpoints.requests.every((r) => r.path === '/nyc3/' || r.path === '/nyc3'));
    assertGolden(
      'spaces-buckets',
      got.records.map((r) => ({ ...r, created_at: '<date>' })),
    );
    const ams = await listAll(kind(), KEYS, { pageSize: 2, region: 'ams3', ctx });
    assert.deepEqual(ams.records.map((r) => r.unique_id).sort(), ['assets-ams3', 'logs-ams3']);
  });

  void test('straight on moto (custom endpoint, path-style): a server that cuts at MaxBuckets without a token loses nothing', async () => {
    const direct = createSpacesRuntime({ endpoint: moto, timeoutMs: 10_000 });
    try {
      const k = direct.resources['spaces.listBuckets'];
      assert.ok(k);
      const got = await listAll(k, KEYS, { pageSize: 2, region: 'nyc3' });
      assert.equal(got.pages, 1);
      assert.equal(got.records.length, NYC3.length + 2, 'moto lists every region at one endpoint');
    } finally {
      direct.clients.destroy();
    }
  });

  void test('errors: wrong key, AccessDenied, SlowDown', async () => {
    const fail = (creds = KEYS) =>
      kind()
        .listPage({
          connection: conn(creds),
          region: 'nyc3',
          pageSize: 2,
          token: undefined,
          signal: AbortSignal.timeout(10_000),
        })
        .then(() => assert.fail('expected an error'))
        .catch((e: unknown) => provider.classifyError(e));
    const wrong = await fail({ access: 'DO00WRONG', secret: 'x' });
    assert.ok(wrong instanceof InvalidCredentialsError, String(wrong));
    assert.doesNotMatch(wrong.message, /spaces-secret/);
    endpoints.inject({
      match: /^\/nyc3/,
      status: 403,
      body: s3Error('AccessDenied', 'Access Denied'),
      headers: { 'content-type': 'application/xml' },
      times: 1,
    });
    assert.ok((await fail()) instanceof PermissionDeniedError);
    endpoints.inject({
      match: /^\/nyc3/,
      status: 503,
      retryAfter: 2,
      body: s3Error('SlowDown', 'Please reduce your request rate.'),
      headers: { 'content-type': 'application/xml' },
      times: 1,
    });
    const slow = await fail();
    assert.ok(slow instanceof ThrottledError, String(slow));
    assert.equal(slow.retryAfterMs, 2000);
  });

  void test('credentials: both Spaces keys are required, the bad field named', () => {
    assert.deepEqual(spacesProvider.parseCredentials({ access: ' a ', secret: 'b' }), {
      access: 'a',
      secret: 'b',
    });
    assert.throws(
      () => spacesProvider.parseCredentials({ access: 'a' }),
      (e: Error) => e instanceof InvalidCredentialsError && /secret/.test(e.message),
    );
    assert.throws(() => spacesProvider.parseCredentials({ token: 'dop_v1' }), /access/);
  });
});
