import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { jwtVerify } from 'jose';
import { resetMoto, seedRegion } from '../harness/aws-seed.js';
import { seedMaestroAwsConnection } from '../harness/connections.js';
import { startCrawlEnv, testConfig, type CrawlEnv } from '../harness/crawl-env.js';
import { inventory } from '../harness/inventory.js';

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

// Maestro's audit app and Centrifugo, stood in by one loopback HTTP server that records what it gets.
let server: Server;
const received: Received[] = [];
let env: CrawlEnv;

before(async () => {
  server = createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      received.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: JSON.parse(text || '{}') as Record<string, unknown>,
      });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  env = await startCrawlEnv(testConfig('notify', { MAESTRO_AUDIT_URI: url, MAESTRO_WEBSOCKET_URI: url }));
  await resetMoto(env.config.providers.aws.endpoint);
});
after(async () => {
  await env?.stop();
  await new Promise((resolve) => server?.close(resolve));
});

void test('each created resource is audited (POST, private token, idempotency key) and the owner is notified', async () => {
  const seeded = await seedRegion(env.config.providers.aws.endpoint, 'eu-west-3', 0, 3);
  const id = await seedMaestroAwsConnection(env.db, {
    regions: ['eu-west-3 (Paris)'],
    secretJwt: env.config.secretJwt,
  });
  const result = await env.crawl(id, 'volumes-list');
  assert.equal(result.status, 'completed');

  const docs = await inventory(env.db, 'volumes', id);
  const audits = received.filter((r) => r.url.startsWith('/audit/'));
  assert.deepEqual(
    audits.map((a) => a.url).sort(),
    docs.map((d) => `/audit/volumes/${String(d._id)}`).sort(),
  );
  assert.ok(audits.every((a) => a.method === 'POST'));
  assert.deepEqual(audits.map((a) => a.body.unique_id).sort(), [...seeded.volumeIds].sort());
  assert.equal(new Set(audits.map((a) => a.headers['idempotency-key'])).size, audits.length);
  const token = String(audits[0]?.headers.authorization).replace(/^JWT /, '');
  const { payload } = await jwtVerify(token, new TextEncoder().encode(env.config.secretJwtPrivate));
  assert.equal(payload.noauth, env.config.noauth);

  const ws = received.filter((r) => r.url === '/api');
  assert.equal(ws.length, 1);
  assert.equal(ws[0]?.headers.authorization, `apikey ${env.config.websocketSecret}`);
  const params = ws[0]?.body.params as { channel: string; data: { notify: { type: string; msg: string } } };
  assert.match(params.channel, /^maestro-[0-9a-f]{24}$/);
  assert.equal(params.data.notify.type, 'success');
  assert.equal(params.data.notify.msg, 'Finish Sync - [AWS] volumes-list');

  // Nothing changed: nothing more to audit.
  const before = audits.length;
  await env.crawl(id, 'volumes-list');
  assert.equal(received.filter((r) => r.url.startsWith('/audit/')).length, before);
});
