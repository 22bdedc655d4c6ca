// Azure crawls through Temporal with the real worker, against the fake ARM server over HTTPS: two
// subscriptions of one service principal, every task, a denied subscription (run partial, nothing
// deactivated there), a deleted VM deactivated exactly, and no secret or token in what is stored.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ObjectId } from 'mongodb';
import { sha1 } from '../../core/canonical.js';
import { ENTITIES } from '../../core/model.js';
import { COLLECTIONS } from '../../store/collections.js';
import { AZURE_ERRORS, type FakeArm } from '../../tooling/fakes/azure/arm.js';
import { AZ_CLIENT, AZ_SECRET, AZ_SUB1, AZ_SUB2, AZ_TENANT, startAzureFake } from '../harness/azure.js';
import { seedMaestroConnection } from '../harness/connections.js';
import { startCrawlEnv, testConfig, type CrawlEnv } from '../harness/crawl-env.js';
import { changesOf, inventory, runDoc } from '../harness/inventory.js';

const VM = 'compute.virtualMachines.listAll';

void describe('Azure crawls through Temporal against the fake ARM server', () => {
  let fake: FakeArm;
  let env: CrawlEnv;
  let connectionId: string;

  before(async () => {
    fake = await startAzureFake();
    env = await startCrawlEnv(
      testConfig('azure', {
        MAESTRO_SCAN_QTD: '3',
        MAESTRO_TRANSLATE_QTD: '4',
        AZURE_AUTHORITY_HOST: fake.authorityHost,
        AZURE_ARM_ENDPOINT: fake.url,
      }),
    );
    connectionId = await seedMaestroConnection(env.db, {
      provider: 'Azure',
      service: 'sub_azure',
      dc: 'Azure test',
      regions: ['all'],
      secretJwt: env.config.secretJwt,
      // No `sub`: every subscription the principal sees.
      credentials: { client: AZ_CLIENT, secret: AZ_SECRET, tenant: AZ_TENANT, sub: '' },
    });
  });
  after(async () => {
    await env?.stop();
    await fake?.close();
  });

  void test('server-list: both subscriptions, 3 pages each, IPs and sizes joined', async () => {
    const result = await env.crawl(connectionId, 'server-list');
    assert.equal(result.status, 'completed');
    const run = await runDoc(env.db, result.runId);
    assert.deepEqual(
      run.scopes.map((s) => s.key).sort(),
      [`${VM}@${AZ_SUB1}/global`, `${VM}@${AZ_SUB2}/global`].sort(),
    );
    for (const s of run.scopes) {
      assert.equal(s.status, 'completed');
      assert.equal(s.pages, 3, `${s.key}: 3 pages`);
      assert.equal(s.items, 7);
      assert.equal(s.created, 7);
    }
    const docs = await inventory(env.db, 'servers', connectionId);
    assert.equal(docs.length, 14);
    const vm = docs.find((d) => d.name === 'vm-2-0')!;
    assert.equal(vm.unique_id, sha1(`${AZ_SUB2}_rg-discovery_vm-2-0`));
    assert.equal(vm.ipv4_private, '10.2.0.4');
    assert.equal(vm.ipv4_public, '20.2.0.10');
    assert.equal(vm.cpu, 1);
    assert.equal(docs.find((d) => d.name === 'vm-2-1')?.ipv4_public, undefined, 'no public IP, no crash');
    assert.equal(fake.server.requests.filter((r) => r.route === 'get').length, 0, 'no GET per VM');
  });

  void test('every other task completes over both subscriptions', async () => {
    const expected: Record<string, [string, number]> = {
      'volumes-list': ['volumes', 14],
      'snapshot-list': ['snapshots', 14],
      'images-list': ['images', 14],
      'network-list': ['networks', 56],
      'loadbalance-list': ['applications', 14],
    };
    for (const [task, [entity, count]] of Object.entries(expected)) {
      const from = fake.server.requests.length;
      const result = await env.crawl(connectionId, task);
      assert.equal(result.status, 'completed', task);
      const run = await runDoc(env.db, result.runId);
      // Pages as ARM served them: the first page and two nextLinks per scope. (Counted on the fake, not
      // in the ledger: on FerretDB concurrent closeScope patches of one run can lose a scope's counters.)
      const served = fake.server.requests.slice(from).filter((r) => r.status === 200);
      for (const s of run.scopes) {
        const route = s.command.split('.')[1]!;
        const pages = served.filter((r) => r.route === route && r.path.includes(s.account!));
        assert.equal(pages.length, 3, `${task} ${s.key}: 3 pages`);
        assert.equal(
          pages.filter((r) => !r.query.includes('skiptoken')).length,
          1,
          `${s.key}: one first page`,
        );
      }
      assert.equal((await inventory(env.db, entity, connectionId)).length, count, task);
    }
    const nsg = await env.crawl(connectionId, 'security-list');
    assert.equal(nsg.status, 'completed');
    const networks = await inventory(env.db, 'networks', connectionId);
    assert.equal(networks.filter((d) => d.family === 'SecurityGroup').length, 14);
  });

  void test('a VM deleted in Azure is deactivated, exactly it', async () => {
    assert.ok(fake.remove(AZ_SUB1, 'virtualMachines', 'vm-1-4'));
    const result = await env.crawl(connectionId, 'server-list');
    assert.equal(result.status, 'completed');
    const docs = await inventory(env.db, 'servers', connectionId);
    const inactive = docs.filter((d) => !d.active).map((d) => d.name);
    assert.deepEqual(inactive, ['vm-1-4']);
    const changes = await changesOf(env.db, result.runId);
    assert.deepEqual(
      changes.filter((c) => c.kind === 'deactivated').map((c) => c.unique_id),
      [sha1(`${AZ_SUB1}_rg-discovery_vm-1-4`)],
    );
  });

  void test('AuthorizationFailed on one subscription: run partial, that scope unauthorized, nothing deactivated there', async () => {
    assert.ok(fake.remove(AZ_SUB1, 'virtualMachines', 'vm-1-5'));
    assert.ok(fake.remove(AZ_SUB2, 'virtualMachines', 'vm-2-5'));
    fake.failSubscription(AZ_SUB2, {
      status: 403,
      body: AZURE_ERRORS.authorizationFailed(AZ_SUB2, 'Microsoft.Compute/virtualMachines/read'),
    });
    try {
      const result = await env.crawl(connectionId, 'server-list');
      assert.equal(result.status, 'partial');
      const run = await runDoc(env.db, result.runId);
      const byKey = Object.fromEntries(run.scopes.map((s) => [s.key, s]));
      assert.equal(byKey[`${VM}@${AZ_SUB1}/global`]?.status, 'completed');
      assert.equal(byKey[`${VM}@${AZ_SUB1}/global`]?.deactivated, 1);
      const denied = byKey[`${VM}@${AZ_SUB2}/global`];
      assert.equal(denied?.status, 'unauthorized');
      assert.match(denied?.error?.message ?? '', /AuthorizationFailed/);
      assert.equal(denied?.sweep, undefined, 'a refused scope is never swept');
      const docs = await inventory(env.db, 'servers', connectionId);
      assert.equal(
        docs.find((d) => d.name === 'vm-2-5')?.active,
        true,
        'still active: its subscription was refused',
      );
      assert.equal(docs.find((d) => d.name === 'vm-1-5')?.active, false);
      const conn = await env.db
        .collection(COLLECTIONS.connections)
        .findOne({ _id: new ObjectId(connectionId) });
      assert.equal(conn?.process?.['server-list']?.state, 'warning');
    } finally {
      fake.server.clearFaults();
    }
  });

  void test('SubscriptionNotFound on one subscription: that scope skipped, nothing deactivated there', async () => {
    assert.ok(fake.remove(AZ_SUB2, 'disks', 'disk-2-6'));
    fake.failSubscription(AZ_SUB2, { status: 404, body: AZURE_ERRORS.subscriptionNotFound(AZ_SUB2) });
    try {
      const result = await env.crawl(connectionId, 'volumes-list');
      assert.equal(result.status, 'completed', 'skipped scopes do not make a run partial');
      const run = await runDoc(env.db, result.runId);
      const skipped = run.scopes.find((s) => s.key === `compute.disks.list@${AZ_SUB2}/global`);
      assert.equal(skipped?.status, 'skipped');
      assert.equal(skipped?.sweep, undefined);
      const docs = await inventory(env.db, 'volumes', connectionId);
      assert.equal(docs.find((d) => d.name === 'disk-2-6')?.active, true);
    } finally {
      fake.server.clearFaults();
    }
  });

  void test('429 with Retry-After and a 503 are retried: the crawl completes, nothing lost', async () => {
    const before = fake.server.requests.length;
    fake.failSubscription(AZ_SUB1, {
      kind: 'snapshots',
      status: 429,
      body: AZURE_ERRORS.throttled(AZ_SUB1),
      retryAfter: 1,
      times: 1,
    });
    fake.failSubscription(AZ_SUB2, {
      kind: 'snapshots',
      status: 503,
      body: AZURE_ERRORS.internal(),
      times: 1,
    });
    const result = await env.crawl(connectionId, 'snapshot-list');
    assert.equal(result.status, 'completed');
    const log = fake.server.requests.slice(before).filter((r) => r.route === 'snapshots');
    assert.deepEqual(
      log
        .filter((r) => r.fault)
        .map((r) => r.status)
        .sort(),
      [429, 503],
    );
    const docs = await inventory(env.db, 'snapshots', connectionId);
    assert.equal(docs.filter((d) => d.active).length, 14);
  });

  void test('a wrong client secret: the run fails with InvalidCredentials and the connection is danger', async () => {
    const bad = await seedMaestroConnection(env.db, {
      provider: 'Azure',
      service: 'sub_azure',
      regions: ['all'],
      secretJwt: env.config.secretJwt,
      credentials: { client: AZ_CLIENT, secret: 'not-the-secret', tenant: AZ_TENANT, sub: '' },
    });
    const result = await env.crawl(bad, 'server-list').catch((err: unknown) => err);
    const run = await env.db.collection(COLLECTIONS.runs).findOne({ connection_id: bad });
    assert.equal(run?.status, 'failed', JSON.stringify(result));
    assert.equal(run?.error?.type, 'InvalidCredentials');
    const conn = await env.db.collection(COLLECTIONS.connections).findOne({ _id: new ObjectId(bad) });
    assert.equal(conn?.process?.['server-list']?.state, 'danger');
  });

  void test('a document the original wrote under its case-sensitive id is adopted and re-keyed, not duplicated', async () => {
    // vm-1-2's ARM id spells its group RG-DISCOVERY: the original hashed that casing (docs/azure.md).
    const servers = env.db.collection('servers');
    // As on a Maestro database the original filled: Discovery has not crawled this connection yet.
    await servers.deleteMany({});
    await env.db.collection('discovery_tracker').deleteMany({ connection_id: connectionId });
    const conn = await env.db
      .collection(COLLECTIONS.connections)
      .findOne({ _id: new ObjectId(connectionId) });
    const tenant = (conn?.owner_user as { _id: ObjectId })._id;
    const legacy = sha1(`${AZ_SUB1}_RG-DISCOVERY_vm-1-2`);
    const oldId = new ObjectId();
    await servers.insertOne({
      _id: oldId,
      unique_id: legacy,
      name: 'vm-1-2',
      active: true,
      roles: [{ _id: tenant, role: 7, refs: 'users' }],
      description: 'typed in Maestro',
    });
    const result = await env.crawl(connectionId, 'server-list');
    assert.equal(result.status, 'completed');
    const docs = await servers.find({ name: 'vm-1-2' }).toArray();
    assert.equal(docs.length, 1, 'one document, not two');
    assert.ok(docs[0]!._id.equals(oldId), 'its _id kept');
    assert.equal(docs[0]!.unique_id, sha1(`${AZ_SUB1}_rg-discovery_vm-1-2`));
    assert.equal(docs[0]!.connection_id, connectionId);
    assert.equal(docs[0]!.description, 'typed in Maestro');
    const change = (await changesOf(env.db, result.runId)).find((c) => c.unique_id === docs[0]!.unique_id);
    assert.equal((change as { adopted?: { unique_id?: string } } | undefined)?.adopted?.unique_id, legacy);
  });

  void test('no secret and no access token in any stored document', async () => {
    const needles = [AZ_SECRET, ...fake.tokens];
    assert.ok(fake.tokens.length > 0);
    for (const name of [...Object.values(COLLECTIONS), ...ENTITIES]) {
      const docs = await env.db.collection(name).find({}).toArray();
      const text = JSON.stringify(docs);
      for (const n of needles) assert.ok(!text.includes(n), `${name} holds a secret or token`);
    }
    assert.deepEqual(fake.server.violations, []);
  });
});
