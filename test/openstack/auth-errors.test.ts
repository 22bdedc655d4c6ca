// Keystone v3 auth against the real Keystone peer (password and application credentials, the catalog
// deciding endpoints, renewal before expiry and on 401) and the error table over the services' own
// fault bodies served by the fake.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { ErrorType, ThrottledError } from '../../core/errors.js';
import { parseOpenStackCredentials } from '../../providers/openstack/credentials.js';
import { classifyOpenStackError } from '../../providers/openstack/errors.js';
import { KeystoneSession } from '../../providers/openstack/keystone.js';
import { listCommandPage } from '../../providers/openstack/listing.js';
import { OpenStackServices } from '../../providers/openstack/services.js';
import { faultBody } from '../../tooling/fakes/openstack/fake.js';
import { startOpenStackEnv, type OpenStackEnv } from '../harness/openstack-env.js';

const signal = (): AbortSignal => AbortSignal.timeout(20_000);

async function failure(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  assert.fail('expected a failure');
}

void describe('Keystone sessions and errors (token lifetime 1 h)', () => {
  let env: OpenStackEnv;
  before(async () => {
    env = await startOpenStackEnv({ counts: { networks: 7, servers: 7 } });
  });
  after(async () => env?.stop());
  const session = (decoded = env.decoded, conn = env.connFields): KeystoneSession =>
    new KeystoneSession(parseOpenStackCredentials(decoded, conn));

  void it('password auth: a project-scoped token, endpoints per region from the catalog', async () => {
    const s = session();
    assert.equal(await s.projectId(), env.user.projectId);
    assert.deepEqual(await s.regions(), ['RegionOne', 'RegionTwo']);
    assert.equal(await s.endpoint(['compute'], 'RegionTwo'), env.fake.endpoints('RegionTwo').compute);
    assert.equal(
      await s.endpoint(['block-storage', 'volumev3'], 'RegionOne'),
      env.fake.endpoints('RegionOne').volumev3,
    );
    const missing = classifyOpenStackError(await failure(s.endpoint(['dns'], 'RegionOne')));
    assert.equal(missing.type, ErrorType.RegionDisabled);
    assert.equal(s.issued, 1, 'one token for all of it');
  });

  void it('a wrong password is InvalidCredentials, naming no secret', async () => {
    const err = classifyOpenStackError(
      await failure(session({ ...env.decoded, password: 'wrong-pw' }).token()),
    );
    assert.equal(err.type, ErrorType.InvalidCredentials);
    assert.ok(!err.message.includes('wrong-pw'));
    const noProject = classifyOpenStackError(
      await failure(session(env.decoded, { ...env.connFields, project: 'f'.repeat(32) }).token()),
    );
    assert.equal(noProject.type, ErrorType.InvalidCredentials);
  });

  void it('application credentials authenticate and list', async () => {
    const cred = await env.keystone.createApplicationCredential(env.user, 'discovery-app');
    const services = new OpenStackServices(
      session(
        { application_credential_id: cred.id, application_credential_secret: cred.secret },
        { url: env.keystone.url },
      ),
    );
    const page = await listCommandPage(services, 'network.networks', {
      region: 'RegionOne',
      pageSize: 3,
      token: undefined,
      signal: signal(),
    });
    assert.equal(page.items.length, 3);
  });

  void it('a token revoked mid-crawl: the 401 renews it and the page is read', async () => {
    const s = session();
    const services = new OpenStackServices(s);
    const first = await listCommandPage(services, 'network.networks', {
      region: 'RegionOne',
      pageSize: 3,
      token: undefined,
      signal: signal(),
    });
    const old = await s.token();
    await env.keystone.revoke(old);
    env.fake.forgetTokens();
    const before = env.fake.server.requests.length;
    const second = await listCommandPage(services, 'network.networks', {
      region: 'RegionOne',
      pageSize: 3,
      token: first.nextToken,
      signal: signal(),
    });
    assert.equal(second.items.length, 3);
    assert.equal(s.issued, 2);
    assert.notEqual(await s.token(), old);
    assert.deepEqual(
      env.fake.server.requests.slice(before).map((r) => r.status),
      [401, 200],
    );
  });

  void it("each service's fault bodies map onto the typed errors", async () => {
    const services = new OpenStackServices(session());
    const list = (command: Parameters<typeof listCommandPage>[1]): Promise<unknown> =>
      listCommandPage(services, command, {
        region: 'RegionOne',
        pageSize: 3,
        token: undefined,
        signal: signal(),
      });
    const cases: [
      string,
      Parameters<typeof listCommandPage>[1],
      'network' | 'compute' | 'load-balancer' | 'image' | 'block-storage',
      number,
      string,
    ][] = [
      ['neutron-networks', 'network.networks', 'network', 403, ErrorType.PermissionDenied],
      [
        'octavia-loadbalancers',
        'load_balancer.load_balancers',
        'load-balancer',
        403,
        ErrorType.PermissionDenied,
      ],
      ['glance-images', 'image.images', 'image', 503, ErrorType.Transient],
      ['cinder-volumes', 'block_store.volumes', 'block-storage', 500, ErrorType.Transient],
      ['nova-flavors', 'compute.flavors', 'compute', 404, ErrorType.RegionDisabled],
    ];
    for (const [route, command, service, status, type] of cases) {
      const message = `injected ${status} for ${route}`;
      env.fake.server.inject({ match: route, status, body: faultBody(service, status, message), times: 1 });
      const err = classifyOpenStackError(await failure(list(command)));
      assert.equal(err.type, type, route);
      assert.ok(err.message.includes(message), `${route}: the service's message is kept (${err.message})`);
    }
    env.fake.server.inject({
      match: 'neutron-ports',
      status: 413,
      retryAfter: 7,
      body: faultBody('network', 413, 'Over limit'),
      times: 1,
    });
    const throttled = classifyOpenStackError(await failure(list('network.ports')));
    assert.ok(throttled instanceof ThrottledError);
    assert.equal(throttled.retryAfterMs, 7000);
    env.fake.server.inject({ match: 'neutron-routers', truncate: true, times: 1 });
    assert.equal(classifyOpenStackError(await failure(list('network.routers'))).type, ErrorType.Transient);
    // A marker the service no longer knows (400) is not retried.
    const bad = await failure(
      listCommandPage(services, 'network.subnets', {
        region: 'RegionOne',
        pageSize: 3,
        token: 'no-such-id',
        signal: signal(),
      }),
    );
    assert.equal(classifyOpenStackError(bad).type, 'BadProviderData');
  });
});

void describe('Keystone token expiry (token lifetime 8 s)', () => {
  let env: OpenStackEnv;
  before(async () => {
    env = await startOpenStackEnv({ regions: ['RegionOne'], counts: { networks: 7 }, tokenExpirationSec: 8 });
  });
  after(async () => env?.stop());
  const page = (services: OpenStackServices, token?: string) =>
    listCommandPage(services, 'network.networks', {
      region: 'RegionOne',
      pageSize: 3,
      token,
      signal: signal(),
    });

  void it('renewed before it expires (margin: a quarter of the lifetime), no 401 seen', async () => {
    const s = new KeystoneSession(parseOpenStackCredentials(env.decoded, env.connFields));
    const services = new OpenStackServices(s);
    const first = await page(services);
    await sleep(6_500);
    const before = env.fake.server.requests.length;
    await page(services, first.nextToken);
    assert.deepEqual(
      env.fake.server.requests.slice(before).map((r) => r.status),
      env.fake.server.requests.slice(before).map(() => 200),
      'no 401: the token was renewed before the service saw it expire',
    );
    // Renewed, once or (a loaded machine whose Keystone answers late, so the token's measured lifetime
    // and margin shrink) twice: what matters is that no request carried an expired token.
    assert.ok(s.issued >= 2 && s.issued <= 3, `tokens issued: ${s.issued}`);
  });

  void it('expired mid-crawl while the client thinks it valid (its clock 1 min late): renewed on the 401', async () => {
    const s = new KeystoneSession(
      parseOpenStackCredentials(env.decoded, env.connFields),
      0,
      () => Date.now() - 60_000,
    );
    const services = new OpenStackServices(s);
    const first = await page(services);
    await sleep(9_000);
    const before = env.fake.server.requests.length;
    const second = await page(services, first.nextToken);
    assert.equal(second.items.length, 3);
    assert.equal(s.issued, 2);
    assert.deepEqual(
      env.fake.server.requests.slice(before).map((r) => r.status),
      [401, 200],
    );
  });
});
