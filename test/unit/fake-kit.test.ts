import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { request } from 'undici';
import {
  afterMarker,
  bearerAuth,
  decodeToken,
  encodeToken,
  linkTo,
  slice,
  startFakeServer,
  type FakeServer,
} from '../../tooling/fakes/kit.js';

const ITEMS = Array.from({ length: 7 }, (_, i) => ({ id: `id-${i}` }));

void describe('fake-server kit', () => {
  let fake: FakeServer;
  before(async () => {
    fake = await startFakeServer({
      name: 'kit-test',
      auth: bearerAuth((t) => t === 'good'),
      routes: [
        {
          path: '/things',
          handler: (req) => {
            const page = slice(
              ITEMS,
              decodeToken(req.query.get('token')),
              Number(req.query.get('limit') ?? 3),
            );
            return {
              body: {
                value: page.items,
                ...(page.next === undefined
                  ? {}
                  : { nextLink: linkTo(req, { token: encodeToken(page.next) }) }),
              },
            };
          },
        },
        { path: '/things/:id', handler: (req) => ({ body: { id: req.params.id } }) },
        { path: '/token', method: 'POST', public: true, handler: () => ({ body: { access_token: 'good' } }) },
      ],
    });
  });
  after(() => fake.close());

  const get = async (url: string, token = 'good') => {
    const res = await request(url, { headers: { authorization: `Bearer ${token}` } });
    const text = await res.body.text();
    return { status: res.statusCode, headers: res.headers, text };
  };

  void test('absolute next links page through every item exactly once', async () => {
    let url: string | undefined = `${fake.url}/things?limit=3`;
    const seen: string[] = [];
    let pages = 0;
    while (url) {
      const res = await get(url);
      assert.equal(res.status, 200);
      const body = JSON.parse(res.text) as { value: Array<{ id: string }>; nextLink?: string };
      seen.push(...body.value.map((v) => v.id));
      url = body.nextLink;
      pages += 1;
    }
    assert.equal(pages, 3);
    assert.deepEqual(
      seen,
      ITEMS.map((i) => i.id),
    );
  });

  void test('the bearer check refuses a wrong token; public routes skip it; params are decoded', async () => {
    assert.equal((await get(`${fake.url}/things`, 'bad')).status, 401);
    assert.equal((await request(`${fake.url}/token`, { method: 'POST' })).statusCode, 200);
    assert.equal(JSON.parse((await get(`${fake.url}/things/a%20b`)).text).id, 'a b');
    assert.equal((await get(`${fake.url}/nothing`)).status, 404);
  });

  void test('faults: a status with Retry-After for n requests, then truncated bodies', async () => {
    fake.inject({ match: '/things', status: 429, retryAfter: 2, times: 2 });
    const first = await get(`${fake.url}/things`);
    assert.equal(first.status, 429);
    assert.equal(first.headers['retry-after'], '2');
    assert.equal((await get(`${fake.url}/things`)).status, 429);
    assert.equal((await get(`${fake.url}/things`)).status, 200);
    fake.inject({ match: /^\/things$/, truncate: true, times: 1 });
    await assert.rejects(get(`${fake.url}/things`));
    assert.equal((await get(`${fake.url}/things`)).status, 200);
    const faulted = fake.requests.filter((r) => r.fault);
    assert.deepEqual(
      faulted.map((r) => r.status),
      [429, 429, 200],
    );
  });

  void test('marker paging: after the marker, unknown marker flagged', () => {
    assert.deepEqual(
      afterMarker(ITEMS, (i) => i.id, 'id-4', 2).items.map((i) => i.id),
      ['id-5', 'id-6'],
    );
    assert.equal(afterMarker(ITEMS, (i) => i.id, 'id-5', 2).next, undefined);
    assert.equal(afterMarker(ITEMS, (i) => i.id, 'nope', 2).unknownMarker, true);
  });
});

void describe('fake-server kit over HTTPS', () => {
  void test('a TLS fake is trusted through NODE_EXTRA_CA_CERTS (set by scripts/with-peers.ts)', async () => {
    assert.ok(
      process.env.NODE_EXTRA_CA_CERTS,
      'NODE_EXTRA_CA_CERTS is not set: run through scripts/with-peers.ts (npm test)',
    );
    const fake = await startFakeServer({
      name: 'tls-test',
      tls: true,
      routes: [{ path: '/ping', handler: () => ({ body: { ok: true } }) }],
    });
    try {
      assert.match(fake.url, /^https:\/\/127\.0\.0\.1:\d+$/);
      // node:https with the default CA store (+ NODE_EXTRA_CA_CERTS), as the Azure SDK uses it.
      const { get } = await import('node:https');
      const body = await new Promise<string>((resolve, reject) => {
        get(`${fake.url}/ping`, (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolve(text));
        }).on('error', reject);
      });
      assert.deepEqual(JSON.parse(body), { ok: true });
    } finally {
      await fake.close();
    }
  });
});
