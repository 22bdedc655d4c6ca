// The DigitalOcean client over the wire against the fake: per_page and page as DO takes them, the
// next link followed by page number only, the rate limit honoured (spent budget, 429 with reset), and
// DO's error bodies classified.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import {
  InvalidCredentialsError,
  PermissionDeniedError,
  RegionDisabledError,
  ThrottledError,
  TransientError,
} from '../../core/errors.js';
import { DoApi, nextPage } from '../../providers/digitalocean/api.js';
import { createDoRuntime } from '../../providers/digitalocean/runtime.js';
import { startDoFake, type DoFake } from '../../tooling/fakes/digitalocean/fake.js';
import { conn, listAll } from './do-harness.js';

const signal = () => AbortSignal.timeout(20_000);

void describe('DigitalOcean API client', () => {
  let fake: DoFake;
  let provider: ReturnType<typeof createDoRuntime>;
  before(async () => {
    fake = await startDoFake({ count: { droplets: 450 } });
  });
  beforeEach(() => {
    provider = createDoRuntime({ baseUrl: fake.url, timeoutMs: 10_000 });
    fake.clearFaults();
    fake.rate.remaining = 5000;
    fake.requests.length = 0;
  });
  after(() => fake.close());
  const droplets = () => {
    const kind = provider.resources['droplets.list'];
    assert.ok(kind);
    return kind;
  };
  const creds = () => ({ token: fake.token });

  void test('MAESTRO_SCAN_QTD above 200 is sent as per_page=200; 450 droplets in 3 pages, none lost', async () => {
    const got = await listAll(droplets(), creds(), { pageSize: 1000 });
    assert.deepEqual(got.pageSizes, [200, 200, 50]);
    assert.deepEqual(got.tokens, ['2', '3']);
    assert.equal(got.records.length, 450);
    const queries = fake.requests.filter((r) => r.route === 'droplets').map((r) => r.query);
    assert.deepEqual(queries, ['?page=1&per_page=200', '?page=2&per_page=200', '?page=3&per_page=200']);
  });

  void test('a page token resumes the listing at that page (what the fetch heartbeats)', async () => {
    const page = await droplets().listPage({
      connection: conn(creds()),
      pageSize: 100,
      token: '4',
      signal: signal(),
    });
    assert.equal(page.items.length, 100);
    assert.equal((page.items[0] as { id: number }).id, 3_164_000 + 300);
    assert.equal(page.nextToken, '5');
  });

  void test('next links: only their page number is kept, whatever host they name', () => {
    assert.equal(nextPage('https://api.digitalocean.com/v2/droplets?page=2&per_page=3', '/v2/droplets'), '2');
    assert.equal(nextPage('https://evil.example/v2/droplets?page=7', '/v2/droplets'), '7');
    assert.equal(nextPage(undefined, '/v2/droplets'), undefined);
    assert.throws(
      () => nextPage('https://api.digitalocean.com/v2/volumes?page=2', '/v2/droplets'),
      /bad next link/,
    );
    assert.throws(
      () => nextPage('https://api.digitalocean.com/v2/droplets', '/v2/droplets'),
      /bad next link/,
    );
  });

  void test('private images only: the request says private=true', async () => {
    const kind = provider.resources['images.list'];
    assert.ok(kind);
    await kind.listPage({
      connection: conn(creds()),
      pageSize: 5,
      token: undefined,
      signal: signal(),
    });
    assert.match(fake.requests.at(-1)?.query ?? '', /private=true/);
  });

  void test('429 too_many_requests: Throttled, retried after ratelimit-reset', async () => {
    fake.failWith('droplets', 429, { resetInSeconds: 3 });
    const err = await droplets()
      .listPage({ connection: conn(creds()), pageSize: 5, token: undefined, signal: signal() })
      .catch((e: unknown) => provider.classifyError(e));
    assert.ok(err instanceof ThrottledError, 'expected Throttled');
    assert.ok(
      err.retryAfterMs !== undefined && err.retryAfterMs >= 2000 && err.retryAfterMs <= 4000,
      String(err.retryAfterMs),
    );
    assert.match(err.message, /too_many_requests/);
  });

  void test('a spent budget (ratelimit-remaining: 0) waits for the reset before the next call', async () => {
    fake.rate.remaining = 1; // this call spends the last request of the budget
    fake.rate.resetAt = Math.ceil(Date.now() / 1000) + 2;
    const api = new DoApi({ baseUrl: fake.url, timeoutMs: 10_000, maxRateWaitMs: 5000 });
    const call = (page: string) =>
      api.listPage({
        token: fake.token,
        path: '/v2/droplets',
        resultKey: 'droplets',
        pageSize: 5,
        pageToken: page,
        signal: signal(),
      });
    await call('1');
    fake.rate.remaining = 5000;
    const started = Date.now();
    await call('2');
    const waited = Date.now() - started;
    assert.ok(waited >= 900, `waited only ${waited} ms`);
    assert.ok(waited < 4000, `waited ${waited} ms`);
  });

  void test('a budget that resets too late is handed back as Throttled with the wait', async () => {
    fake.rate.remaining = 1;
    fake.rate.resetAt = Math.ceil(Date.now() / 1000) + 120;
    const api = new DoApi({ baseUrl: fake.url, timeoutMs: 10_000, maxRateWaitMs: 1000 });
    const call = () =>
      api.listPage({
        token: fake.token,
        path: '/v2/droplets',
        resultKey: 'droplets',
        pageSize: 5,
        pageToken: undefined,
        signal: signal(),
      });
    await call();
    const before = fake.requests.length;
    const err = await call().catch((e: unknown) => e);
    assert.ok(err instanceof ThrottledError, String(err));
    assert.ok((err.retryAfterMs ?? 0) > 100_000);
    assert.equal(fake.requests.length, before, 'no request was sent against a spent budget');
  });

  void test("DO's error bodies map to the typed errors", async () => {
    const classify = async (status: 401 | 403 | 404 | 500) => {
      fake.failWith('volumes', status);
      const kind = provider.resources['volumes.list'];
      assert.ok(kind);
      return kind
        .listPage({ connection: conn(creds()), pageSize: 5, token: undefined, signal: signal() })
        .then(() => assert.fail('expected an error'))
        .catch((e: unknown) => provider.classifyError(e));
    };
    assert.ok((await classify(401)) instanceof InvalidCredentialsError);
    assert.ok((await classify(403)) instanceof PermissionDeniedError);
    assert.ok((await classify(404)) instanceof RegionDisabledError);
    const server = await classify(500);
    assert.ok(server instanceof TransientError);
    assert.match(server.message, /server_error/);
  });

  void test('a wrong token is refused by the fake and classified InvalidCredentials; the token is not in the message', async () => {
    const err = await droplets()
      .listPage({
        connection: conn({ token: 'dop_v1_wrong' }),
        pageSize: 5,
        token: undefined,
        signal: signal(),
      })
      .catch((e: unknown) => provider.classifyError(e));
    assert.ok(err instanceof InvalidCredentialsError);
    assert.match(err.message, /unauthorized/);
    assert.doesNotMatch(err.message, /dop_v1/);
  });

  void test('verifyCredentials reads /v2/account', async () => {
    await provider.verifyCredentials?.(conn(creds()), signal());
    assert.equal(fake.requests.at(-1)?.route, 'account');
    await assert.rejects(
      provider.verifyCredentials?.(conn({ token: 'nope' }), signal()) ?? Promise.resolve(),
      InvalidCredentialsError,
    );
    assert.deepEqual(fake.violations, []);
  });

  void test("the fake's spec check can fail: an off-spec droplet is reported", async () => {
    const own = await startDoFake({ count: 2 });
    try {
      (own.table.droplets[1] as Record<string, unknown>).status = 'exploded';
      const kind = createDoRuntime({ baseUrl: own.url, timeoutMs: 10_000 }).resources['droplets.list'];
      assert.ok(kind);
      await kind.listPage({
        connection: conn({ token: own.token }),
        pageSize: 5,
        token: undefined,
        signal: signal(),
      });
      assert.equal(own.violations.length, 1, own.violations.join('; '));
      assert.match(own.violations[0] ?? '', /droplets\/1\/status/);
    } finally {
      await own.close();
    }
  });

  void test('a connection refused is Transient', async () => {
    const dead = createDoRuntime({ baseUrl: 'https://127.0.0.1:9', timeoutMs: 2000 });
    const kind = dead.resources['droplets.list'];
    assert.ok(kind);
    const err = await kind
      .listPage({ connection: conn(creds()), pageSize: 5, token: undefined, signal: signal() })
      .catch((e: unknown) => dead.classifyError(e));
    assert.ok(err instanceof TransientError, 'expected Transient');
  });
});
