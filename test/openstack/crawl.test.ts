// OpenStack crawls through Temporal with the real worker, Keystone and the fake: two regions, a failing
// region → partial with nothing deactivated there, deleted servers deactivated exactly, a token revoked
// mid-crawl renewed by the worker.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ObjectId } from 'mongodb';
import { COLLECTIONS } from '../../store/collections.js';
import { faultBody } from '../../tooling/fakes/openstack/fake.js';
import { startCrawlEnv, testConfig, type CrawlEnv } from '../harness/crawl-env.js';
import { inventory } from '../harness/inventory.js';
import { seedOpenStackConnection, startOpenStackEnv, type OpenStackEnv } from '../harness/openstack-env.js';

const COUNT = 10;
// One tenant owns every connection here: a server two of them see is adopted, not a conflict.
const ownerId = new ObjectId();
let os: OpenStackEnv;
let env: CrawlEnv;

before(async () => {
  os = await startOpenStackEnv({
    counts: { servers: COUNT, networks: COUNT, subnets: 4, ports: 4, routers: 4 },
  });
  env = await startCrawlEnv(
    testConfig('openstack', { MAESTRO_SCAN_QTD: '3', DISCOVERY_FETCH_MAX_ATTEMPTS: '2' }),
  );
});
after(async () => {
  await env?.stop();
  await os?.stop();
});

void describe('OpenStack crawls through Temporal', () => {
  void it('server-list over two regions: every server stored once, datacenters._id the dc_id, ≥ 3 pages a region', async () => {
    const id = await seedOpenStackConnection(env.db, os, { secretJwt: env.config.secretJwt, ownerId });
    const result = await env.crawl(id, 'server-list');
    assert.equal(result.status, 'completed', JSON.stringify(result.scopes));
    assert.equal(result.totals.created, 2 * COUNT);
    for (const s of result.scopes) assert.ok(s.pages >= 4, `${s.key}: ${s.pages} pages`);
    const conn = await env.db.collection(COLLECTIONS.connections).findOne({ _id: new ObjectId(id) });
    const docs = await inventory(env.db, 'servers', id);
    assert.equal(docs.length, 2 * COUNT);
    for (const d of docs) assert.deepEqual((d.datacenters as { _id: unknown })._id, conn?.dc_id);
    assert.deepEqual(env.db && os.fake.server.violations, []);
  });

  void it('a failing region: run partial, nothing deactivated there; then deleted servers deactivated exactly', async () => {
    const id = await seedOpenStackConnection(env.db, os, { secretJwt: env.config.secretJwt, ownerId });
    assert.equal((await env.crawl(id, 'server-list')).status, 'completed');
    const goneTwo = String(os.fake.items('servers', 'RegionTwo')[5]!.id);
    os.fake.remove('servers', 'RegionTwo', goneTwo);
    os.fake.server.inject({
      match: (req) => req.path.startsWith('/RegionTwo/compute/v2.1/servers'),
      status: 403,
      body: faultBody('compute', 403, "Policy doesn't allow os_compute_api:servers:detail to be performed."),
    });
    try {
      const partial = await env.crawl(id, 'server-list');
      assert.equal(partial.status, 'partial');
      const two = partial.scopes.find((s) => s.key.endsWith('RegionTwo'));
      assert.equal(two?.status, 'unauthorized');
      assert.equal(two?.error?.type, 'PermissionDenied');
      assert.equal(partial.totals.deactivated, 0);
      const stored = await inventory(env.db, 'servers', id);
      assert.equal(
        stored.find((d) => d.unique_id === goneTwo)?.active,
        true,
        'nothing deactivated in the denied region',
      );
    } finally {
      os.fake.server.clearFaults();
    }
    const goneOne = os.fake
      .items('servers', 'RegionOne')
      .slice(1, 3)
      .map((s) => String(s.id));
    for (const g of goneOne) os.fake.remove('servers', 'RegionOne', g);
    const full = await env.crawl(id, 'server-list');
    assert.equal(full.status, 'completed');
    assert.equal(full.totals.deactivated, 3);
    // Exactly the deleted ones, besides the servers Nova reports in ERROR (stored `active: false`).
    const errorIds = os.regions.flatMap((r) =>
      os.fake
        .items('servers', r)
        .filter((s) => s.status === 'ERROR')
        .map((s) => String(s.id)),
    );
    const inactive = (await inventory(env.db, 'servers', id))
      .filter((d) => !d.active)
      .map((d) => d.unique_id);
    assert.deepEqual(inactive.sort(), [...goneOne, goneTwo, ...errorIds].sort());
  });

  void it('a token revoked mid-crawl: the worker renews it and the crawl completes', async () => {
    const id = await seedOpenStackConnection(env.db, os, { secretJwt: env.config.secretJwt, ownerId });
    os.fake.server.inject({ match: 'neutron-networks', delayMs: 300 });
    const started = await env.client.start({ connectionId: id, task: 'network-list' });
    const deadline = Date.now() + 30_000;
    while (
      !os.fake.server.requests.some((r) => r.route === 'neutron-networks' && r.status === 200) &&
      Date.now() < deadline
    )
      await new Promise((r) => setTimeout(r, 50));
    const token = os.fake.tokens[os.fake.tokens.length - 1]!;
    await os.keystone.revoke(token);
    os.fake.forgetTokens();
    const before = os.fake.server.requests.length;
    const result = await env.client.result(started.workflowId);
    os.fake.server.clearFaults();
    assert.equal(result.status, 'completed', JSON.stringify(result.scopes));
    assert.ok(
      os.fake.server.requests.slice(before).some((r) => r.status === 401),
      'the revoked token was refused',
    );
    assert.notEqual(os.fake.tokens[os.fake.tokens.length - 1], token, 'a new token was used');
    assert.equal(
      (await inventory(env.db, 'networks', id)).filter((d) => d.family === 'Network').length,
      2 * COUNT,
    );
  });
});
