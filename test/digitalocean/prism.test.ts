// Contract check with an independent implementation of DigitalOcean's spec: Prism serves the vendored
// OpenAPI document and refuses any request it does not allow. Every list the provider makes, with the
// page sizes a crawl uses, is accepted; and Prism does refuse what the spec forbids (so the check can fail).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { request } from 'undici';
import { createDoRuntime } from '../../providers/digitalocean/runtime.js';
import { SPEC_PATH } from '../../tooling/fakes/digitalocean/spec.js';
import { startPrism, type PrismPeer } from '../../tooling/peers/prism.js';
import { DO_CTX, conn } from './do-harness.js';

void describe('DigitalOcean requests against Prism (the vendored spec)', () => {
  let prism: PrismPeer;
  before(async () => {
    prism = await startPrism(SPEC_PATH);
  });
  after(() => prism?.stop());

  void test('Prism refuses what the spec forbids: no token, per_page 500, page 0', async () => {
    const status = async (path: string, auth = true) => {
      const res = await request(`${prism.url}${path}`, {
        headers: auth ? { authorization: 'Bearer dop_v1_prism' } : {},
      });
      await res.body.dump();
      return res.statusCode;
    };
    assert.equal(await status('/v2/droplets?page=1&per_page=20'), 200);
    assert.equal(await status('/v2/droplets?page=1&per_page=20', false), 401);
    assert.equal(await status('/v2/droplets?page=1&per_page=500'), 422);
    assert.equal(await status('/v2/droplets?page=0&per_page=20'), 422);
  });

  for (const pageSize of [1, 200, 5000]) {
    void test(`every command's request is accepted (page size ${pageSize}), first and later pages`, async () => {
      const provider = createDoRuntime({ baseUrl: prism.url, timeoutMs: 20_000 });
      for (const [command, kind] of Object.entries(provider.resources)) {
        for (const token of [undefined, '2']) {
          const page = await kind
            .listPage({
              connection: conn({ token: 'dop_v1_prism' }),
              pageSize,
              token,
              signal: AbortSignal.timeout(20_000),
            })
            .catch((err: unknown) => assert.fail(`${command} page ${token ?? 1}: ${String(err)}`));
          assert.ok(page.items.length > 0, `${command}: Prism's example has items`);
          for (const item of page.items) assert.ok(kind.normalize(item, DO_CTX).length > 0, command);
        }
      }
      await provider.verifyCredentials?.(conn({ token: 'dop_v1_prism' }), AbortSignal.timeout(20_000));
    });
  }
});
