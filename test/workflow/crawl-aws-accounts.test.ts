// Multi-account crawls (AWS Organizations), region opt-in and tenant-scoped application linking, through
// Temporal, FerretDB and moto (behind the fault proxy, which injects the refusals).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ObjectId } from 'mongodb';
import type { AwsRuntime } from '../../providers/aws/runtime.js';
import {
  createOrganization,
  runAccountInstances,
  terminateAccountInstances,
} from '../harness/aws-accounts.js';
import { resetMoto } from '../harness/aws-seed.js';
import { seedMaestroAwsConnection, seedMaestroConnection } from '../harness/connections.js';
import { startCrawlEnv, testConfig, type CrawlEnv } from '../harness/crawl-env.js';
import { startFaultProxy, type FaultProxy } from '../harness/fault-proxy.js';
import { changesOf, ids, inventory, runDoc } from '../harness/inventory.js';

const ORG_REGION = 'ap-northeast-3';
const MEMBER_ROLE = 'OrganizationAccountAccessRole';

void describe('AWS connections spanning accounts, regions that are not enabled, application tags', () => {
  let env: CrawlEnv;
  let proxy: FaultProxy;
  let moto: string;

  before(async () => {
    moto = testConfig('accounts').providers.aws.endpoint;
    await resetMoto(moto);
    proxy = await startFaultProxy(moto);
    env = await startCrawlEnv(testConfig('accounts', { AWS_ENDPOINT_URL: proxy.url }));
  });
  after(async () => {
    await env?.stop();
    await proxy?.close();
  });

  void describe('an organization: every ACTIVE account is its own set of scopes', () => {
    let org: { management: string; members: string[] };
    let seeded: Record<string, string[]>;
    let connectionId: string;
    const scopeOf = (account: string) => `ec2.describeInstances@${account}/${ORG_REGION}`;

    before(async () => {
      org = await createOrganization(moto, 2);
      const [a, b] = org.members as [string, string];
      seeded = {
        [org.management]: await runAccountInstances(moto, ORG_REGION, undefined, 2),
        [a]: await runAccountInstances(moto, ORG_REGION, a, 3),
        [b]: await runAccountInstances(moto, ORG_REGION, b, 4),
      };
      connectionId = await seedMaestroConnection(env.db, {
        provider: 'AWS',
        service: 'iam_aws',
        regions: [`${ORG_REGION} (Osaka)`],
        secretJwt: env.config.secretJwt,
        credentials: {
          access: 'testing',
          secret: 'testing',
          organization: { member_role_name: MEMBER_ROLE, external_id: 'org-ext-1' },
        },
      });
    });

    void test('each account is crawled with its own credentials into its own scope', async () => {
      proxy.recording = true;
      let result;
      try {
        result = await env.crawl(connectionId, 'server-list');
      } finally {
        proxy.recording = false;
      }
      assert.equal(result.status, 'completed');
      const accounts = [org.management, ...org.members];
      const run = await runDoc(env.db, result.runId);
      assert.deepEqual(
        run.scopes.map((s) => [s.key, s.account, s.status]),
        accounts.map((a) => [scopeOf(a), a, 'completed']),
        'management account first, then the members by id',
      );
      const docs = await inventory(env.db, 'servers', connectionId);
      for (const account of accounts) {
        const inScope = docs.filter((d) => d.crawl_scope === scopeOf(account));
        assert.deepEqual(ids(inScope), seeded[account], `the instances of ${account}, in its scope`);
      }
      assert.equal(docs.length, 9);
      // Members through their role (with the organization's external id); the management account directly.
      const assumed = proxy.requests.filter((r) => r.action === 'AssumeRole').map((r) => r.body);
      for (const member of org.members) {
        const roleArn = `arn:aws:iam::${member}:role/${MEMBER_ROLE}`;
        assert.ok(
          assumed.some((b) => b.includes(`RoleArn=${roleArn}`) && b.includes('ExternalId=org-ext-1')),
          `assumed ${roleArn}`,
        );
      }
      assert.ok(
        !assumed.some((b) => b.includes(`::${org.management}:`)),
        'no role in the management account',
      );
      proxy.requests.length = 0;
    });

    void test('a member account that refuses the role ends unauthorized, deactivates nothing, and the others complete', async () => {
      const [a, b] = org.members as [string, string];
      await terminateAccountInstances(moto, ORG_REGION, a, seeded[a]?.slice(0, 1) ?? []);
      await terminateAccountInstances(moto, ORG_REGION, b, seeded[b]?.slice(0, 2) ?? []);
      proxy.rules.push({
        action: 'AssumeRole',
        body: new RegExp(`RoleArn=arn:aws:iam::${b}:role/`),
        status: 403,
        code: 'AccessDenied',
      });
      // The sessions of the first crawl end (as they do within the hour): the roles are assumed again.
      (
        (await env.worker.providers.load(
          env.worker.providers.forConnection({ service: 'iam_aws' }),
        )) as unknown as AwsRuntime
      ).clients.sessions.clear();
      try {
        const result = await env.crawl(connectionId, 'server-list');
        assert.equal(result.status, 'partial');
        const run = await runDoc(env.db, result.runId);
        const byKey = Object.fromEntries(run.scopes.map((s) => [s.key, s]));
        assert.equal(byKey[scopeOf(org.management)]?.status, 'completed');
        assert.equal(byKey[scopeOf(a)]?.status, 'completed');
        assert.equal(byKey[scopeOf(a)]?.deactivated, 1, 'the terminated instance of the reachable member');
        const denied = byKey[scopeOf(b)];
        assert.equal(denied?.status, 'unauthorized');
        assert.equal(denied?.error?.type, 'PermissionDenied');
        assert.match(
          denied?.error?.message ?? '',
          new RegExp(`AssumeRole arn:aws:iam::${b}:role/${MEMBER_ROLE}`),
        );
        assert.equal(denied?.sweep, undefined, 'an unauthorized scope is never swept');

        const docs = await inventory(env.db, 'servers', connectionId);
        const ofB = docs.filter((d) => d.crawl_scope === scopeOf(b));
        assert.equal(ofB.length, 4);
        assert.ok(
          ofB.every((d) => d.active),
          'nothing of the refused account is deactivated',
        );
        const changes = await changesOf(env.db, result.runId);
        assert.equal(changes.filter((c) => c.scope === scopeOf(b)).length, 0);
        assert.equal(docs.find((d) => d.unique_id === seeded[a]?.[0])?.active, false);
      } finally {
        proxy.rules.length = 0;
      }
    });
  });

  void test('a region that is not enabled (OptInRequired) is skipped: nothing deactivated there, run completed', async () => {
    const [on, off] = ['ap-south-2', 'eu-south-2'];
    await runAccountInstances(moto, on, undefined, 2);
    const offIds = await runAccountInstances(moto, off, undefined, 3);
    const id = await seedMaestroAwsConnection(env.db, {
      regions: [`${on} (Hyderabad)`, `${off} (Spain)`],
      secretJwt: env.config.secretJwt,
    });
    assert.equal((await env.crawl(id, 'server-list')).totals.created, 5);
    await terminateAccountInstances(moto, off, undefined, offIds.slice(0, 1));
    proxy.rules.push({ action: 'DescribeInstances', region: off, status: 401, code: 'OptInRequired' });
    try {
      const result = await env.crawl(id, 'server-list');
      assert.equal(result.status, 'completed', 'a skipped region does not make the run partial');
      const skipped = result.scopes.find((s) => s.key === `ec2.describeInstances@${off}`);
      assert.equal(skipped?.status, 'skipped');
      assert.equal(skipped?.error?.type, 'RegionDisabled');
      assert.equal(proxy.count(off, 'DescribeInstances'), 2, 'not retried: one call per crawl');
      const docs = await inventory(env.db, 'servers', id);
      assert.ok(docs.filter((d) => offIds.includes(d.unique_id)).every((d) => d.active));
    } finally {
      proxy.rules.length = 0;
    }
  });

  void test('application tags link the applications of the connection tenant only', async () => {
    const region = 'eu-central-2';
    const tenant = new ObjectId();
    const other = new ObjectId();
    const apps = env.db.collection('applications');
    const billing = new ObjectId();
    const crm = new ObjectId();
    const foreignBilling = new ObjectId();
    const foreignPayroll = new ObjectId();
    await apps.insertMany([
      // Maestro's own documents: the tenant is in the ACL.
      {
        _id: billing,
        name: 'billing',
        family: 'Application',
        roles: [{ _id: tenant, role: 7, refs: 'users' }],
      },
      { _id: foreignBilling, name: 'billing', family: 'Application', roles: [{ _id: other, role: 7 }] },
      { _id: foreignPayroll, name: 'payroll', family: 'Application', roles: [{ _id: other, role: 7 }] },
      // A document Discovery wrote for this tenant.
      { _id: crm, name: 'crm', family: 'Database', tenant_id: tenant.toHexString() },
    ]);
    const [byName] = await runAccountInstances(moto, region, undefined, 1, [
      { Key: 'Applications', Value: ' billing, crm ,billing' },
    ]);
    const [byId] = await runAccountInstances(moto, region, undefined, 1, [
      { Key: 'applications_id', Value: `${billing.toHexString()},${foreignPayroll.toHexString()}` },
    ]);
    const [foreignOnly] = await runAccountInstances(moto, region, undefined, 1, [
      { Key: 'applications', Value: 'payroll' },
    ]);
    const [untagged] = await runAccountInstances(moto, region, undefined, 1);
    const id = await seedMaestroAwsConnection(env.db, {
      regions: [region],
      secretJwt: env.config.secretJwt,
      ownerId: tenant,
    });
    assert.equal((await env.crawl(id, 'server-list')).status, 'completed');
    const docs = await inventory(env.db, 'servers', id);
    const appsOf = (instance: string | undefined) => docs.find((d) => d.unique_id === instance)?.applications;
    assert.deepEqual(appsOf(byName), [
      { _id: billing, name: 'billing', family: 'Application' },
      { _id: crm, name: 'crm', family: 'Database' },
    ]);
    assert.deepEqual(appsOf(byId), [{ _id: billing, name: 'billing', family: 'Application' }]);
    assert.equal(
      appsOf(foreignOnly),
      undefined,
      "another tenant's application is never linked (nothing resolves: no field)",
    );
    assert.equal(appsOf(untagged), undefined, 'no tags: no applications field written');

    // A link made by hand in Maestro on an untagged instance survives the next crawl.
    const manual = [{ _id: crm, name: 'crm', family: 'Database' }];
    await env.db
      .collection('servers')
      .updateOne({ connection_id: id, unique_id: untagged }, { $set: { applications: manual } });
    assert.equal((await env.crawl(id, 'server-list')).status, 'completed');
    const again = await inventory(env.db, 'servers', id);
    assert.deepEqual(again.find((d) => d.unique_id === untagged)?.applications, manual);
    assert.equal((again.find((d) => d.unique_id === byName)?.applications as unknown[]).length, 2);
  });
});
