// Maestro-compatible routes (spec §2) through app.inject on real peers: bodies and status codes, provider
// names with aliases, the PUT /crawler error cases, JSON 404s, and the private-token auth matrix.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ObjectId } from 'mongodb';
import { PACKAGE } from '../../api/app.js';
import { PROVIDERS } from '../../providers/index.js';
import { digitaloceanProvider } from '../../providers/digitalocean/index.js';
import { startApiEnv, privateToken, unsignedToken, userToken, type ApiEnv } from '../harness/api.js';
import { seedMaestroAwsConnection } from '../harness/connections.js';
import { testConfig } from '../harness/crawl-env.js';

void describe('Maestro-compatible routes', () => {
  let env: ApiEnv;
  let auth: { authorization: string };
  let connectionId: string;

  before(async () => {
    const config = testConfig('api-maestro');
    env = await startApiEnv(config);
    auth = { authorization: `JWT ${await privateToken(config)}` };
    connectionId = await seedMaestroAwsConnection(env.services.store.db, {
      regions: ['us-east-1 (N. Virginia)'],
      secretJwt: config.secretJwt,
    });
  });
  after(async () => env?.close());

  const get = (url: string, headers: Record<string, string> = auth) =>
    env.app.inject({ method: 'GET', url, headers });

  void test('GET / needs no token and answers the app info', async () => {
    const res = await get('/', {});
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), {
      name: PACKAGE.name,
      description: PACKAGE.description,
      version: PACKAGE.version,
      license: 'ISC',
    });
  });

  void test('GET /available/info lists every provider as {icon, label, method}', async () => {
    const res = await get('/available/info');
    assert.equal(res.statusCode, 200);
    const value = res.json<{ items: [{ value: { providers: unknown[] } }] }>().items[0].value;
    // One entry per registered provider, sorted by id, each from the provider's own info.json.
    assert.equal(value.providers.length, PROVIDERS.length);
    assert.deepEqual(
      (value.providers as Array<{ label: string }>).find((p) => p.label === 'AWS'),
      { icon: 'icon-aws', label: 'AWS', method: ['AWS Access Key(IAM)'] },
    );
    const labels = (value.providers as Array<{ label: string }>).map((p) => p.label);
    assert.ok(labels.includes('Digital Ocean'), labels.join());
  });

  void test("GET /available/info/:provider is client-app's info.json (comp, validate, metas), from the provider", async () => {
    const value = (await get('/available/info/aws')).json().items[0].value as {
      providers: {
        icon: string;
        label: string;
        method: string[];
        dc: string;
        data: [
          {
            label: string;
            service: string;
            template: {
              intro: string;
              dc: boolean[];
              conn: Array<{ comp: string; validate: string; metas: Record<string, string> }>;
              extra: Array<{ comp: string }>;
            };
          },
        ];
      };
    };
    const p = value.providers;
    assert.deepEqual([p.icon, p.label, p.method, p.dc], ['icon-aws', 'AWS', ['AWS Access Key(IAM)'], 'AWS']);
    assert.equal(p.data[0].service, 'iam_aws');
    assert.deepEqual(p.data[0].template.dc, [true, true]);
    // client-app renders each field by its `comp` and submits it under `metas.name` (the original's form).
    assert.deepEqual(p.data[0].template.conn, [
      {
        comp: 'bs-input',
        validate: 'required',
        metas: { class: 'mt20', name: 'access', label: 'AWS AccessKey ID*' },
      },
      {
        comp: 'bs-input',
        validate: 'required',
        metas: { type: 'password', name: 'secret', label: 'AWS SecretAccess Key*' },
      },
    ]);
    assert.deepEqual(
      p.data[0].template.extra.map((e) => e.comp),
      ['accordion'],
    );
    assert.deepEqual((await get('/available/info/nope')).json(), { items: [{ value: { providers: [] } }] });
  });

  void test('GET /available/rules[/:provider]: permissions of one provider, names of all, [] if unknown', async () => {
    const one = (await get('/available/rules/AWS')).json().items[0].value as {
      permissions: Record<
        string,
        Array<{ access: string; command: string; entity: string; key_comparer: string }>
      >;
    };
    // The original's permission.json entry: recipe labels, result paths, vars, hooks.
    assert.deepEqual(one.permissions['server-list'], [
      {
        access: 'describe_instances',
        command: 'ec2',
        entity: 'servers',
        result_path: 'Reservations',
        single_result_path: 'Instances',
        key_comparer: 'ipv4_private',
        hooks: [{ key: 'cpu|memory', hook: 'iam_aws', method: 'cpuAndMemoryByInstanceType' }],
        vars: [{ name: 'MaxResults', env: 'MAESTRO_SCAN_QTD', default: 200, type: 'int' }],
        init_job: true,
      },
    ]);
    const rds = one.permissions['dbs-list']?.[0] as unknown as Record<string, unknown>;
    assert.deepEqual(
      [rds.access, rds.command, rds.family, rds.provider, rds.result_path],
      ['describe_db_instances', 'rds', 'Database', 'RDS (AWS)', 'DBInstances'],
    );
    const dynamo = one.permissions['dynamodb-list']?.[0] as unknown as Record<string, unknown>;
    assert.deepEqual(dynamo.conf, { pag_key: 'ExclusiveStartTableName', pag_next: 'LastEvaluatedTableName' });
    assert.equal(one.permissions['volumes-list']?.[0]?.entity, 'volumes');
    const names = (await get('/available/rules')).json().items[0].value as Array<{ name: string }>;
    assert.equal(names.length, PROVIDERS.length);
    assert.ok(names.some((n) => n.name === 'AWS'));
    assert.ok(names.some((n) => n.name === 'Digital Ocean'));
    assert.deepEqual((await get('/available/rules/nope')).json().items[0].value, []);
    assert.deepEqual((await get('/available/other')).json().items[0].value, {});
  });

  void test('GET /crawler describes the routes', async () => {
    const res = await get('/crawler');
    assert.equal(res.statusCode, 200);
    assert.equal(res.json<{ resources: unknown[] }>().resources.length, 2);
  });

  void test('GET /crawler/:provider answers permissions for every alias, case-insensitively; null if unknown', async () => {
    const aws = (await get('/crawler/aws')).json<Record<string, unknown>>();
    assert.ok(aws['server-list'] && aws['volumes-list']);
    assert.deepEqual((await get('/crawler/AWS/')).json(), aws, 'trailing slash and case');
    assert.deepEqual((await get('/crawler/iam_aws')).json(), aws);
    const doNames = ['digital ocean', 'Digital%20Ocean', 'digitalocean', 'token_do', 'DigitalOcean'];
    for (const name of doNames) {
      const res = await get(`/crawler/${name.replace(/ /g, '%20')}`);
      assert.equal(res.statusCode, 200, name);
      assert.deepEqual(Object.keys(res.json<object>()), Object.keys(digitaloceanProvider.tasks), name);
    }
    const unknown = await get('/crawler/nope');
    assert.equal(unknown.statusCode, 200);
    assert.equal(unknown.body, 'null');
  });

  void test('GET /crawler/:provider/:conn/:task echoes its parameters', async () => {
    assert.deepEqual((await get('/crawler/aws/abc/server-list/')).json(), {
      datacenter: 'aws',
      instance: 'abc',
      task: 'server-list',
    });
  });

  void test('PUT /crawler with a task the provider lacks, or an unknown provider, is a 422', async () => {
    for (const url of [
      `/crawler/aws/${connectionId}/flavor-list`,
      `/crawler/nope/${connectionId}/server-list`,
      `/crawler/digital%20ocean/${connectionId}/flavor-list`,
    ]) {
      const res = await env.app.inject({ method: 'PUT', url, headers: auth });
      assert.equal(res.statusCode, 422, url);
      assert.deepEqual(res.json(), { error: 'This task is not allowed' });
    }
  });

  void test("PUT /crawler naming another provider than the connection's is a 400, nothing started", async () => {
    // server-app sends `connection.provider` as is ("Digital Ocean"); this connection is AWS.
    const res = await env.app.inject({
      method: 'PUT',
      url: `/crawler/digital%20ocean/${connectionId}/volumes-list`,
      headers: auth,
    });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(res.json(), { error: 'This instance dont have a valid connection.' });
  });

  void test('PUT /crawler for a connection that does not exist is a 400', async () => {
    for (const id of [new ObjectId().toHexString(), 'not-an-id']) {
      const res = await env.app.inject({
        method: 'PUT',
        url: `/crawler/aws/${id}/server-list`,
        headers: auth,
      });
      assert.equal(res.statusCode, 400);
      assert.deepEqual(res.json(), { error: 'This instance dont have a valid connection.' });
    }
  });

  void test('unknown routes are JSON 404s: Maestro body at the root, /v1 error body under /v1', async () => {
    const root = await get('/nowhere');
    assert.equal(root.statusCode, 404);
    assert.deepEqual(root.json(), { error: 'Resource not found' });
    const v1 = await get('/v1/nowhere');
    assert.equal(v1.statusCode, 404);
    assert.equal(v1.json<{ error: { code: string } }>().error.code, 'not_found');
  });

  void describe('private-token auth matrix (every route but GET /)', () => {
    const cases: Array<[string, () => Record<string, string> | Promise<Record<string, string>>, string]> = [
      ['no header', () => ({}), 'Unauthorized'],
      ['an empty header', () => ({ authorization: '' }), 'Unauthorized'],
      [
        'a header without a scheme word',
        async () => ({ authorization: await privateToken(env.config) }),
        'scheme',
      ],
      ['a header with three words', () => ({ authorization: `JWT a b` }), 'scheme'],
      ['a token that is not a JWT', () => ({ authorization: 'JWT not.a.jwt' }), 'Invalid token'],
      [
        'the wrong secret',
        async () => ({ authorization: `JWT ${await privateToken(env.config, { secret: 'wrong' })}` }),
        'signature',
      ],
      [
        'alg: none',
        () => ({ authorization: `JWT ${unsignedToken({ noauth: env.config.noauth })}` }),
        'algorithm',
      ],
      [
        'an expired token',
        async () => ({ authorization: `JWT ${await privateToken(env.config, { expiresIn: '-1m' })}` }),
        'expired',
      ],
      [
        'a noauth mismatch',
        async () => ({ authorization: `JWT ${await privateToken(env.config, { noauth: 'other' })}` }),
        'noauth',
      ],
      [
        'a user token (private routes take only private tokens)',
        async () => ({
          authorization: `Bearer ${await userToken(env.config, new ObjectId().toHexString())}`,
        }),
        'signature',
      ],
    ];
    for (const [name, headers, reason] of cases) {
      void test(`${name} → 401 {error: {msg}}`, async () => {
        for (const [method, url] of [
          ['GET', '/crawler'],
          ['GET', '/available/info'],
          ['PUT', `/crawler/aws/${connectionId}/server-list`],
        ] as const) {
          const res = await env.app.inject({ method, url, headers: await headers() });
          assert.equal(res.statusCode, 401, `${method} ${url}`);
          const body = res.json<{ error: { msg: string } }>();
          assert.match(body.error.msg, new RegExp(reason, 'i'), `${method} ${url}`);
        }
      });
    }

    void test('any scheme word is accepted (JWT, Bearer, Token)', async () => {
      const token = await privateToken(env.config);
      for (const scheme of ['JWT', 'Bearer', 'Token'])
        assert.equal(
          (await get('/crawler', { authorization: `${scheme} ${token}` })).statusCode,
          200,
          scheme,
        );
    });
  });
});
