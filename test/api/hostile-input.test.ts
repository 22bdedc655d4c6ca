// Hostile input over a real socket (the API listening on loopback, real peers): oversized bodies (with a
// length and chunked), deep JSON, invalid UTF-8 in the body and in the URL, wrong content types, huge and
// malformed page sizes, prototype pollution. Each is a 4xx in the API's error shape naming what is wrong;
// none is a 5xx, and the API still answers afterwards. Part of issue #18 (item 4); `npm run fuzz` runs it.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { BODY_LIMIT } from '../../api/app.js';
import { privateToken, startApiEnv, type ApiEnv } from '../harness/api.js';
import { testConfig } from '../harness/crawl-env.js';

interface Raw {
  status: number;
  body: string;
}

/** One request with exactly these bytes (no client-side encoding, no retries). */
function send(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string | number>,
  body?: Buffer | Buffer[],
): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    for (const part of body === undefined ? [] : Array.isArray(body) ? body : [body]) req.write(part);
    req.end();
  });
}

const nested = (depth: number, open: string, close: string, inner: string) =>
  `${open.repeat(depth)}${inner}${close.repeat(depth)}`;

void describe('hostile input to the API: a clear 4xx, never a 5xx', () => {
  let env: ApiEnv;
  let port: number;
  let auth: string;

  before(async () => {
    env = await startApiEnv(testConfig('api-hostile', { DISCOVERY_ENCRYPTION_KEY: 'cd'.repeat(32) }));
    await env.app.listen({ host: '127.0.0.1', port: 0 });
    port = (env.app.server.address() as { port: number }).port;
    auth = `JWT ${await privateToken(env.config)}`;
  });
  after(async () => env?.close());

  const json = (body: string | Buffer) => ({
    authorization: auth,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  });
  const connection = (credentials: string) =>
    `{"provider":"aws","name":"x","regions":["us-east-1"],"tenantId":"65a000000000000000000001","credentials":${credentials}}`;
  const big = Buffer.alloc(BODY_LIMIT + 1024, 'a');
  const postAs = (contentType: string, body: string) =>
    send(
      port,
      'POST',
      '/v1/connections',
      { authorization: auth, 'content-type': contentType },
      Buffer.from(body),
    );
  const postJson = (body: string | Buffer) =>
    send(port, 'POST', '/v1/connections', json(body), Buffer.isBuffer(body) ? body : Buffer.from(body));

  const cases: Array<{
    name: string;
    status: number;
    code: string;
    run: () => Promise<Raw>;
  }> = [
    {
      name: 'a body over the limit, with its length',
      status: 413,
      code: 'payload_too_large',
      run: () => postJson(Buffer.concat([Buffer.from('{"name":"'), big, Buffer.from('"}')])),
    },
    {
      name: 'a body over the limit, chunked (no length)',
      status: 413,
      code: 'payload_too_large',
      run: () =>
        send(
          port,
          'POST',
          '/v1/connections',
          { authorization: auth, 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
          [Buffer.from('{"name":"'), big, big, Buffer.from('"}')],
        ),
    },
    {
      name: 'JSON nested 100,000 arrays deep (in a credential value)',
      status: 400,
      code: 'bad_request',
      run: () => postJson(connection(`{"access":"A","secret":"S","x":${nested(100_000, '[', ']', '1')}}`)),
    },
    {
      name: 'credentials nested 5,000 objects deep',
      status: 400,
      code: 'bad_request',
      run: () => postJson(connection(nested(5_000, '{"a":', '}', '1'))),
    },
    {
      name: 'credentials nested 40 objects deep',
      status: 400,
      code: 'bad_request',
      run: () => postJson(connection(`{"access":"A","secret":"S","x":${nested(40, '{"a":', '}', '1')}}`)),
    },
    {
      name: 'invalid UTF-8 in a JSON string',
      status: 400,
      code: 'bad_request',
      run: () =>
        postJson(
          Buffer.concat([
            Buffer.from(connection('{"access":"A","secret":"')),
            Buffer.from([0xff, 0xfe, 0xc3]),
            Buffer.from('"}}'),
          ]),
        ),
    },
    {
      name: 'invalid UTF-8 in the path (%FF)',
      status: 400,
      code: 'bad_request',
      run: () => send(port, 'GET', '/v1/connections/%FF%FE', { authorization: auth }),
    },
    {
      name: 'invalid UTF-8 in the query (%FF)',
      status: 400,
      code: 'bad_request',
      run: () => send(port, 'GET', '/v1/connections?provider=%FF', { authorization: auth }),
    },
    {
      name: 'text/plain body',
      status: 415,
      code: 'unsupported_media_type',
      run: () => postAs('text/plain', 'hi'),
    },
    {
      name: 'multipart body',
      status: 415,
      code: 'unsupported_media_type',
      run: () => postAs('multipart/form-data; boundary=x', '--x\r\n\r\nhi\r\n--x--'),
    },
    {
      name: 'a JSON body with no content type',
      status: 415,
      code: 'unsupported_media_type',
      run: () =>
        send(port, 'POST', '/v1/connections', { authorization: auth }, Buffer.from(connection('{}'))),
    },
    {
      name: 'JSON declared as another charset',
      status: 415,
      code: 'unsupported_media_type',
      run: () => postAs('application/json; charset=latin1', connection('{}')),
    },
    {
      name: 'an empty JSON body',
      status: 400,
      code: 'bad_request',
      run: () => postJson(''),
    },
    {
      name: 'truncated JSON',
      status: 400,
      code: 'bad_request',
      run: () => postJson('{"provider":'),
    },
    {
      name: '__proto__ in the body',
      status: 400,
      code: 'bad_request',
      run: () => postJson(connection('{"__proto__":{"admin":true}}')),
    },
    ...['1000000', '501', '0', '-1', '99999999999999999999999', '2.5', 'NaN', 'all'].map((limit) => ({
      name: `page size limit=${limit}`,
      status: 400,
      code: 'validation_error',
      run: () => send(port, 'GET', `/v1/inventory/servers?limit=${limit}`, { authorization: auth }),
    })),
    {
      // Coerced to Infinity, which the handler refuses (its own message, the same field).
      name: 'page size limit=1e309',
      status: 400,
      code: 'bad_request',
      run: () => send(port, 'GET', '/v1/inventory/servers?limit=1e309', { authorization: auth }),
    },
    {
      name: 'a 3,000-character path parameter',
      status: 400,
      code: 'bad_request',
      run: () => send(port, 'GET', `/v1/connections/${'x'.repeat(3000)}`, { authorization: auth }),
    },
  ];

  for (const c of cases) {
    void test(c.name, async () => {
      const res = await c.run();
      assert.equal(res.status, c.status, res.body.slice(0, 300));
      const body = JSON.parse(res.body) as { error: { code: string; message: string } };
      assert.equal(body.error.code, c.code, res.body.slice(0, 300));
      assert.ok(body.error.message.length > 0);
      assert.doesNotMatch(res.body, /\n\s+at |node:internal|node_modules/, 'no stack trace');
    });
  }

  void test('the API still answers after all of the above', async () => {
    const res = await send(port, 'GET', '/v1/connections?limit=1', { authorization: auth });
    assert.equal(res.status, 200, res.body);
  });
});
