// Azure failures as the SDKs raise them against the fake ARM server (Azure's real error bodies), mapped
// to the typed hierarchy; sign-in with a secret and with a certificate; the subscriptions a principal sees.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ErrorType, ThrottledError } from '../../core/errors.js';
import { AzureClients } from '../../providers/azure/clients.js';
import { parseAzureCredentials, type AzureCredentials } from '../../providers/azure/credentials.js';
import { classifyAzureError } from '../../providers/azure/errors.js';
import { azureKinds, listSubscriptions } from '../../providers/azure/listing.js';
import { AZURE_ERRORS, type FakeArm } from '../../tooling/fakes/azure/arm.js';
import { makeTestCertificate } from '../../tooling/fakes/tls.js';
import {
  AZ_CLIENT,
  AZ_CREDENTIALS,
  AZ_SECRET,
  AZ_SUB1,
  AZ_SUB2,
  AZ_TENANT,
  clientsFor,
  startAzureFake,
} from '../harness/azure.js';

const DISKS = 'compute.disks.list';
const NICS = 'network.networkInterfaces.listAll';
const AZ_SUB3 = '33333333-cccc-4000-8000-000000000003';

/** A service principal certificate: the test-certificate maker's key and certificate, as one PEM. */
async function certificate(): Promise<{ pem: string; certOnly: string }> {
  const { cert, key } = await makeTestCertificate(mkdtempSync(join(tmpdir(), 'az-cert-')));
  const certOnly = readFileSync(cert, 'utf8');
  return { pem: `${readFileSync(key, 'utf8')}\n${certOnly}`, certOnly };
}

void describe('Azure errors, sign-in and subscriptions against the fake ARM server', () => {
  let fake: FakeArm;
  let clients: AzureClients;
  let cert: { pem: string; certOnly: string };
  before(async () => {
    cert = await certificate();
    fake = await startAzureFake({
      subscriptions: [AZ_SUB1, AZ_SUB2, AZ_SUB3],
      disabled: [AZ_SUB3],
      certificatePem: cert.certOnly,
      pageSize: 1,
    });
    clients = clientsFor(fake);
  });
  after(() => fake.close());

  /** The classified error of a kind's first page, undefined when it lists. */
  const firstPage = async (
    command: string,
    credentials: AzureCredentials = AZ_CREDENTIALS,
    subscription = AZ_SUB1,
    using: AzureClients = clients,
  ) => {
    const kind = azureKinds(using)[command]!;
    const signal = AbortSignal.timeout(20_000);
    return kind.listPage({ credentials, subscription, token: undefined, signal }).then(
      () => undefined,
      (err: unknown) => classifyAzureError(err),
    );
  };

  void test('AuthorizationFailed (403) on one subscription → PermissionDenied; the other still lists', async () => {
    fake.failSubscription(AZ_SUB2, {
      status: 403,
      body: AZURE_ERRORS.authorizationFailed(AZ_SUB2, 'Microsoft.Compute/disks/read'),
      times: 2,
    });
    const e1 = await firstPage(DISKS, AZ_CREDENTIALS, AZ_SUB2);
    assert.equal(e1?.type, ErrorType.PermissionDenied);
    assert.match(e1.message, /AuthorizationFailed/);
    const e2 = await firstPage(NICS, AZ_CREDENTIALS, AZ_SUB2);
    assert.equal(e2?.type, ErrorType.PermissionDenied, 'arm-network raises it the same way');
    assert.equal(await firstPage(DISKS, AZ_CREDENTIALS, AZ_SUB1), undefined);
  });

  void test('SubscriptionNotFound (404) and MissingSubscriptionRegistration (409) → skipped (RegionDisabled)', async () => {
    const unknown = '99999999-dddd-4000-8000-000000000009';
    assert.equal((await firstPage(DISKS, AZ_CREDENTIALS, unknown))?.type, ErrorType.RegionDisabled);
    fake.failSubscription(AZ_SUB1, {
      status: 409,
      body: AZURE_ERRORS.notRegistered('Microsoft.Network'),
      times: 1,
    });
    assert.equal((await firstPage(NICS))?.type, ErrorType.RegionDisabled);
  });

  void test('429 SubscriptionRequestsThrottled with Retry-After → Throttled with the delay; 5xx → Transient', async () => {
    fake.failSubscription(AZ_SUB1, {
      status: 429,
      body: AZURE_ERRORS.throttled(AZ_SUB1),
      retryAfter: 7,
      times: 1,
    });
    const t = await firstPage(DISKS);
    assert.ok(t instanceof ThrottledError);
    assert.equal(t.retryAfterMs, 7000);
    assert.equal(t.retryable, true);
    fake.failSubscription(AZ_SUB1, { status: 503, body: AZURE_ERRORS.internal(), times: 1 });
    const s = await firstPage(NICS);
    assert.equal(s?.type, ErrorType.Transient);
    assert.equal(s?.retryable, true);
  });

  void test('a wrong secret, client id or tenant → InvalidCredentials (AADSTS codes), not retried', async () => {
    for (const bad of [
      { ...AZ_CREDENTIALS, secret: 'wrong-secret' },
      { ...AZ_CREDENTIALS, client: '00000000-0000-4000-8000-0000000000ff' },
      { ...AZ_CREDENTIALS, tenant: '00000000-0000-4000-8000-0000000000ee' },
    ]) {
      const e = await firstPage(DISKS, bad);
      assert.equal(e?.type, ErrorType.InvalidCredentials, JSON.stringify(e?.message));
      assert.equal(e?.retryable, false);
      assert.ok(!e.message.includes('wrong-secret'), 'the secret is not in the message');
    }
  });

  void test('an authority that does not answer → Transient, not InvalidCredentials', async () => {
    const dead = new AzureClients({ authorityHost: 'https://127.0.0.1:9', armEndpoint: fake.url });
    const err = await firstPage(DISKS, AZ_CREDENTIALS, AZ_SUB1, dead);
    assert.equal(err?.type, ErrorType.Transient, err?.message);
  });

  void test('a page slower than the request timeout → Transient (aborted), retried', async () => {
    const slow = new AzureClients({ authorityHost: fake.authorityHost, armEndpoint: fake.url }, 300);
    fake.server.inject({ match: 'snapshots', delayMs: 1500, times: 1 });
    const started = Date.now();
    const err = await firstPage('compute.snapshots.list', AZ_CREDENTIALS, AZ_SUB1, slow);
    assert.equal(err?.type, ErrorType.Transient, err?.message);
    assert.ok(Date.now() - started < 1400, 'aborted at the timeout, not after the slow answer');
  });

  void test('certificate credentials sign in (client assertion checked against the certificate)', async () => {
    const creds = parseAzureCredentials({
      tenant: AZ_TENANT,
      client: AZ_CLIENT,
      certificate: cert.pem,
      sub: AZ_SUB1,
    });
    assert.equal(await firstPage(DISKS, creds), undefined);
    const other = await certificate();
    const wrong = parseAzureCredentials({
      tenant: AZ_TENANT,
      client: AZ_CLIENT,
      certificate: other.pem,
      sub: AZ_SUB1,
    });
    assert.equal((await firstPage(DISKS, wrong))?.type, ErrorType.InvalidCredentials);
  });

  void test('subscriptions: every page, disabled ones left out', async () => {
    const before = fake.server.requests.filter((r) => r.route === 'subscriptions').length;
    const subs = await listSubscriptions(
      clients,
      { ...AZ_CREDENTIALS, sub: undefined },
      AbortSignal.timeout(20_000),
    );
    assert.deepEqual(subs, [AZ_SUB1, AZ_SUB2]);
    assert.equal(
      fake.server.requests.filter((r) => r.route === 'subscriptions').length - before,
      3,
      'three pages of one',
    );
  });

  void test('parseAzureCredentials names the bad field; sub empty/all → every subscription', () => {
    assert.throws(() => parseAzureCredentials({ client: 'c', secret: 's' }), /tenant is missing/);
    assert.throws(() => parseAzureCredentials({ tenant: 't', secret: 's' }), /client is missing/);
    assert.throws(() => parseAzureCredentials({ tenant: 't', client: 'c' }), /secret is missing/);
    assert.throws(
      () => parseAzureCredentials({ tenant: 't', client: 'c', certificate: 'nope' }),
      /certificate/,
    );
    assert.equal(
      parseAzureCredentials({ tenant: 't', client: 'c', secret: AZ_SECRET, sub: 'all' }).sub,
      undefined,
    );
    assert.equal(
      parseAzureCredentials({ tenant: 't', client: 'c', secret: AZ_SECRET, sub: '' }).sub,
      undefined,
    );
    assert.equal(
      parseAzureCredentials({ tenant: 't', client: 'c', secret: AZ_SECRET, sub: AZ_SUB2 }).sub,
      AZ_SUB2,
    );
  });
});
