// /v1 connections, providers, health, docs and the user-token side of auth, through app.inject on real
// peers: validation errors name the field, credentials are stored encrypted and never returned or logged,
// tenants are isolated, and a private token acts for any tenant.
import assert from 'node:assert/strict';
import { PROVIDERS } from '../../providers/index.js';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { ObjectId } from 'mongodb';
import { decryptJson } from '../../core/crypto.js';
import { startApiEnv, privateToken, unsignedToken, userToken, type ApiEnv } from '../harness/api.js';
import { seedMaestroAwsConnection } from '../harness/connections.js';
import { testConfig } from '../harness/crawl-env.js';

const KEY = 'ab'.repeat(32);
const SECRET = 'wJalrXUtnFEMI-very-secret-value';

interface ErrorBody {
  error: { code: string; message: string; details?: { field?: string } };
}
interface Conn {
  id: string;
  name: string;
  provider: string;
  providerId: string;
  regions: string[];
  tenantId: string;
  format: string;
}

void describe('/v1 connections, providers, health and docs', () => {
  let env: ApiEnv;
  const logs: string[] = [];
  let priv: { authorization: string };
  const tenantA = new ObjectId().toHexString();
  const tenantB = new ObjectId().toHexString();
  let userA: { authorization: string };
  let userB: { authorization: string };

  before(async () => {
    const config = testConfig('api-connections', { DISCOVERY_ENCRYPTION_KEY: KEY });
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        logs.push(chunk.toString());
        done();
      },
    });
    env = await startApiEnv(config, { logger: { level: 'debug', stream: sink } });
    priv = { authorization: `JWT ${await privateToken(config)}` };
    userA = { authorization: `Bearer ${await userToken(config, tenantA)}` };
    userB = { authorization: `Bearer ${await userToken(config, tenantB)}` };
  });
  after(async () => env?.close());

  const inject = (
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    headers: Record<string, string>,
    payload?: unknown,
  ) =>
    env.app.inject({
      method,
      url,
      headers,
      ...(payload !== undefined ? { payload: payload as object } : {}),
    });
  const create = (headers: Record<string, string>, body: Record<string, unknown>) =>
    inject('POST', '/v1/connections', headers, body);
  const good = {
    provider: 'aws',
    name: 'Prod',
    regions: ['us-east-1'],
    credentials: { access: 'AKIA1', secret: SECRET },
  };

  void test('a user creates a connection: 201, owned by its tenant, regions as labels, no credentials echoed', async () => {
    const res = await create(userA, good);
    assert.equal(res.statusCode, 201, res.body);
    const c = res.json<Conn & Record<string, unknown>>();
    assert.equal(c.tenantId, tenantA);
    assert.equal(c.provider, 'AWS');
    assert.equal(c.providerId, 'aws');
    assert.equal(c.format, 'discovery');
    assert.deepEqual(c.regions, ['us-east-1 (N. Virginia)']);
    assert.ok(!res.body.includes(SECRET) && !('credentials' in c) && !('conn' in c));

    const doc = await env.services.store.connections.get(c.id);
    assert.ok(doc.credentials, 'stored in the credentials field');
    assert.ok(!JSON.stringify(doc).includes(SECRET), 'encrypted at rest');
    assert.deepEqual(decryptJson(doc.credentials, KEY, c.id), good.credentials);
    assert.equal(doc.service, 'iam_aws');
  });

  void test('create: every bad input is a 400 naming the field', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...good, provider: 'nimbus' }, 'provider'],
      [{ ...good, credentials: { access: 'AKIA1' } }, 'credentials.secret'],
      [{ ...good, credentials: { secret: 'x' } }, 'credentials.access'],
      [{ ...good, regions: ['mars-north-1'] }, 'regions.0'],
      [{ ...good, regions: [] }, 'body.regions'],
      [{ ...good, name: '' }, 'body.name'],
      [{ ...good, extra: 1 }, 'body.extra'],
      [{ provider: 'aws', name: 'x', regions: ['us-east-1'] }, 'body.credentials'],
      [{ ...good, tenantId: tenantB }, 'tenantId'],
    ];
    for (const [body, field] of cases) {
      const res = await create(userA, body);
      assert.equal(res.statusCode, 400, `${field}: ${res.body}`);
      const err = res.json<ErrorBody>().error;
      assert.equal(err.details?.field, field, res.body);
      assert.ok(err.message.includes(field.replace(/^body\./, '')), err.message);
      assert.ok(!res.body.includes(SECRET));
    }
    const json = await env.app.inject({
      method: 'POST',
      url: '/v1/connections',
      headers: { ...userA, 'content-type': 'application/json' },
      payload: '{"provider": ',
    });
    assert.equal(json.statusCode, 400);
    assert.equal(json.json<ErrorBody>().error.code, 'bad_request');
  });

  void test('a private caller must name the tenant, and may act for any', async () => {
    const missing = await create(priv, good);
    assert.equal(missing.statusCode, 400);
    assert.equal(missing.json<ErrorBody>().error.details?.field, 'tenantId');
    const res = await create(priv, { ...good, name: 'For B', tenantId: tenantB });
    assert.equal(res.statusCode, 201);
    assert.equal(res.json<Conn>().tenantId, tenantB);
  });

  void test('list: each tenant sees its own; the private token sees all; provider filter; cursor pages', async () => {
    await seedMaestroAwsConnection(env.services.store.db, {
      regions: ['us-east-1'],
      secretJwt: env.config.secretJwt,
      ownerId: new ObjectId(tenantA),
    });
    const a = (await inject('GET', '/v1/connections', userA)).json<{ items: Conn[] }>();
    assert.deepEqual(
      a.items.map((c) => c.tenantId),
      [tenantA, tenantA],
    );
    assert.deepEqual(a.items.map((c) => c.format).sort(), ['discovery', 'maestro']);
    const b = (await inject('GET', '/v1/connections', userB)).json<{ items: Conn[] }>();
    assert.deepEqual(
      b.items.map((c) => c.name),
      ['For B'],
    );
    const all = (await inject('GET', '/v1/connections?provider=iam_aws', priv)).json<{ items: Conn[] }>();
    assert.equal(all.items.length, 3);
    const p1 = (await inject('GET', '/v1/connections?limit=2', priv)).json<{
      items: Conn[];
      nextCursor: string;
    }>();
    const p2 = (await inject('GET', `/v1/connections?limit=2&cursor=${p1.nextCursor}`, priv)).json<{
      items: Conn[];
      nextCursor?: string;
    }>();
    assert.equal(p1.items.length, 2);
    assert.equal(p2.items.length, 1);
    assert.equal(p2.nextCursor, undefined);
    assert.deepEqual(
      [...p1.items, ...p2.items].map((c) => c.id),
      all.items.map((c) => c.id),
    );
    for (const [url, field] of [
      ['/v1/connections?limit=0', 'querystring.limit'],
      ['/v1/connections?limit=501', 'querystring.limit'],
      ['/v1/connections?provider=nimbus', 'provider'],
      ['/v1/connections?cursor=a%20b', 'querystring.cursor'],
      ['/v1/connections?sort=name', 'querystring.sort'],
    ] as const) {
      const res = await inject('GET', url, priv);
      assert.equal(res.statusCode, 400, url);
      assert.equal(res.json<ErrorBody>().error.details?.field, field, url);
    }
  });

  void test("get, update, delete: another tenant's id is a 404; the owner and the private token may", async () => {
    const id = (await create(userA, { ...good, name: 'Temp' })).json<Conn>().id;
    for (const [method, payload] of [
      ['GET', undefined],
      ['PATCH', { name: 'Stolen' }],
      ['DELETE', undefined],
    ] as const) {
      const res = await inject(method, `/v1/connections/${id}`, userB, payload);
      assert.equal(res.statusCode, 404, method);
      assert.equal(res.json<ErrorBody>().error.code, 'not_found');
    }
    assert.equal((await inject('POST', `/v1/connections/${id}/test`, userB)).statusCode, 404);
    assert.equal((await inject('GET', `/v1/connections/${id}`, userA)).json<Conn>().name, 'Temp');
    assert.equal((await inject('GET', `/v1/connections/${id}`, priv)).statusCode, 200);

    const renamed = await inject('PATCH', `/v1/connections/${id}`, userA, {
      name: 'Staging',
      regions: ['eu-west-1', 'us-east-2 (Ohio)'],
    });
    assert.equal(renamed.statusCode, 200, renamed.body);
    assert.equal(renamed.json<Conn>().name, 'Staging');
    assert.deepEqual(renamed.json<Conn>().regions, ['eu-west-1 (Ireland)', 'us-east-2 (Ohio)']);
    const badCreds = await inject('PATCH', `/v1/connections/${id}`, userA, { credentials: { access: 'x' } });
    assert.equal(badCreds.json<ErrorBody>().error.details?.field, 'credentials.secret');
    const empty = await inject('PATCH', `/v1/connections/${id}`, userA, {});
    assert.equal(empty.statusCode, 400);
    const rotated = await inject('PATCH', `/v1/connections/${id}`, userA, {
      credentials: { access: 'AKIA2', secret: `${SECRET}-2` },
    });
    assert.equal(rotated.statusCode, 200);
    assert.ok(!rotated.body.includes(SECRET));
    const doc = await env.services.store.connections.get(id);
    assert.deepEqual(decryptJson(doc.credentials!, KEY, id), { access: 'AKIA2', secret: `${SECRET}-2` });

    assert.equal((await inject('DELETE', `/v1/connections/${id}`, userA)).statusCode, 204);
    assert.equal((await inject('GET', `/v1/connections/${id}`, userA)).statusCode, 404);
    assert.equal((await inject('DELETE', `/v1/connections/${id}`, priv)).statusCode, 404);
  });

  void test('test credentials reports a provider rejection as ok: false (not an error)', async () => {
    // moto accepts any key, so a rejection is produced by credentials the provider cannot parse.
    const id = (await create(userA, { ...good, name: 'Broken' })).json<Conn>().id;
    await env.services.store.connections.col.updateOne(
      { _id: new ObjectId(id) },
      { $set: { conn: 'not-a-jwt' }, $unset: { credentials: '' } },
    );
    const res = await inject('POST', `/v1/connections/${id}/test`, userA);
    assert.equal(res.statusCode, 200);
    const body = res.json<{ ok: boolean; error: { type: string } }>();
    assert.equal(body.ok, false);
    assert.equal(body.error.type, 'InvalidCredentials');
  });

  /** Every operation of the document under `prefix`, its path parameters filled in. */
  const operations = async (prefix: string, id: string) => {
    const doc = (await inject('GET', '/docs/json', {})).json<{ paths: Record<string, object> }>();
    const fill = { id, task: 'server-list', entity: 'servers', provider: 'aws', action: 'info', conn: id };
    return Object.entries(doc.paths)
      .filter(([path]) => path.startsWith(prefix))
      .flatMap(([path, methods]) =>
        Object.keys(methods).map((m) => ({
          method: m.toUpperCase() as 'GET' | 'POST' | 'PATCH' | 'DELETE',
          url: path.replace(/\{(\w+)\}/g, (_, k: string) => fill[k as keyof typeof fill] ?? k),
        })),
      );
  };

  void test('auth matrix: every /v1 operation refuses each bad credential with a 401 naming the reason', async () => {
    const id = (await create(userA, { ...good, name: 'Matrix' })).json<Conn>().id;
    const cases: Array<[string, string | undefined, RegExp]> = [
      ['no header', undefined, /Unauthorized/],
      ['malformed: no scheme word', await userToken(env.config, tenantA), /scheme/],
      ['malformed: not a JWT', 'Bearer not.a.token', /Invalid token/],
      ['malformed: three words', `Bearer x ${await userToken(env.config, tenantA)}`, /scheme/],
      [
        'wrong key (user token)',
        `Bearer ${await userToken(env.config, tenantA, { secret: 'nope' })}`,
        /signature/,
      ],
      ['wrong key (private token)', `JWT ${await privateToken(env.config, { secret: 'nope' })}`, /signature/],
      ['alg: none', `Bearer ${unsignedToken({ _id: tenantA })}`, /algorithm/],
      ['alg: none, private claims', `JWT ${unsignedToken({ noauth: env.config.noauth })}`, /algorithm/],
      ['expired (user)', `Bearer ${await userToken(env.config, tenantA, { expiresIn: '-5m' })}`, /expired/],
      ['expired (private)', `JWT ${await privateToken(env.config, { expiresIn: '-5m' })}`, /expired/],
      ['not yet valid (user)', `Bearer ${await userToken(env.config, tenantA, { notBefore: '10m' })}`, /nbf/],
      ['not yet valid (private)', `JWT ${await privateToken(env.config, { notBefore: '10m' })}`, /nbf/],
      ['private token, noauth mismatch', `JWT ${await privateToken(env.config, { noauth: 'x' })}`, /noauth/],
    ];
    const ops = await operations('/v1', id);
    assert.ok(ops.length >= 21, `${ops.length} /v1 operations`);
    for (const { method, url } of ops) {
      for (const [name, header, reason] of cases) {
        const res = await inject(method, url, header === undefined ? {} : { authorization: header });
        const what = `${name}: ${method} ${url}`;
        assert.equal(res.statusCode, 401, `${what}: ${res.body.slice(0, 200)}`);
        const err = res.json<ErrorBody>().error;
        assert.equal(err.code, 'unauthorized', what);
        assert.match(err.message, reason, what);
      }
    }
    assert.equal(
      (await inject('GET', `/v1/connections/${id}`, userA)).statusCode,
      200,
      'the connection is intact',
    );
  });

  void test("auth matrix: another tenant's connection is a 404 on every operation; the owner and a private token reach it", async () => {
    const id = (await create(userA, { ...good, name: 'Isolated' })).json<Conn>().id;
    const bodies: Record<string, unknown> = {
      [`PATCH /v1/connections/${id}`]: { name: 'Stolen' },
      [`POST /v1/connections/${id}/crawls`]: { task: 'server-list' },
      [`POST /v1/connections/${id}/schedules`]: { task: 'server-list' },
    };
    const scoped = [
      ...(await operations('/v1/connections/{id}', id)),
      { method: 'GET' as const, url: `/v1/crawls?connection=${id}` },
      { method: 'GET' as const, url: `/v1/inventory/servers?connection=${id}` },
    ];
    assert.ok(scoped.length >= 15, `${scoped.length} operations on a connection`);
    for (const { method, url } of scoped) {
      const res = await inject(method, url, userB, bodies[`${method} ${url}`]);
      assert.equal(res.statusCode, 404, `${method} ${url}: ${res.body.slice(0, 200)}`);
      assert.equal(res.json<ErrorBody>().error.code, 'not_found', `${method} ${url}`);
    }
    const after = await inject('GET', `/v1/connections/${id}`, userA);
    assert.equal(after.json<Conn>().name, 'Isolated', "nothing of another tenant's call took effect");
    assert.equal(
      (await inject('GET', `/v1/connections/${id}`, priv)).statusCode,
      200,
      'a private token acts for any tenant',
    );
    const runs = await inject('GET', `/v1/crawls?connection=${id}`, userA);
    assert.deepEqual(runs.json<{ items: unknown[] }>().items, [], 'no crawl was started by the other tenant');
  });

  void test("auth matrix: a user token is refused on Maestro's private routes; a private token is accepted there", async () => {
    const ops = (await operations('/', 'x')).filter(
      (o) => !o.url.startsWith('/v1') && !/^\/(health|ready)?$/.test(o.url),
    );
    assert.ok(ops.length >= 6, `${ops.length} Maestro routes`);
    for (const { method, url } of ops) {
      const res = await inject(method, url, userA);
      assert.equal(res.statusCode, 401, `user token: ${method} ${url}: ${res.body}`);
      assert.deepEqual(Object.keys(res.json<{ error: object }>().error), ['msg'], 'Maestro 401 shape');
      if (method === 'GET')
        assert.equal((await inject(method, url, priv)).statusCode, 200, `private: ${url}`);
    }
  });

  void test('providers: the catalogue by any name; unknown is 404', async () => {
    const list = (await inject('GET', '/v1/providers', userA)).json<{ items: Array<{ id: string }> }>();
    assert.deepEqual(
      list.items.map((p) => p.id),
      PROVIDERS.map((p) => p.id),
    );
    const aws = (await inject('GET', '/v1/providers/IAM_AWS', userA)).json<{
      tasks: Array<{ name: string; defaultIntervalSeconds: number }>;
    }>();
    assert.deepEqual(aws.tasks.find((t) => t.name === 'server-list')?.defaultIntervalSeconds, 300);
    assert.equal((await inject('GET', '/v1/providers/nimbus', userA)).statusCode, 404);
  });

  void test('health and readiness need no token; the OpenAPI document and UI are served', async () => {
    assert.deepEqual((await inject('GET', '/health', {})).json(), { status: 'ok' });
    const ready = await inject('GET', '/ready', {});
    assert.equal(ready.statusCode, 200);
    assert.deepEqual(ready.json(), { status: 'ready', checks: { mongodb: 'ok', temporal: 'ok' } });
    const doc = (await inject('GET', '/docs/json', {})).json<{ paths: Record<string, unknown> }>();
    for (const path of ['/v1/connections', '/v1/inventory/{entity}', '/crawler/{provider}/{conn}/{task}'])
      assert.ok(doc.paths[path], path);
    const ui = await inject('GET', '/docs/', {});
    assert.equal(ui.statusCode, 200);
    assert.match(ui.headers['content-type'] as string, /html/);
  });

  void test('the request log has entries, but no secret and no token', () => {
    const text = logs.join('');
    assert.ok(text.includes('"url":"/v1/connections"'), 'requests are logged');
    assert.ok(!text.includes(SECRET), 'no credential in the log');
    assert.ok(!text.includes(priv.authorization.slice(4)), 'no token in the log');
  });
});
