// Assumed-role credentials over the wire: STS AssumeRole (with external id) against moto, through the
// fault proxy, which records the calls and injects the failures. moto maps an assumed role's keys to the
// account of the role ARN, so what a listing returns proves which account the calls were signed for.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ErrorType } from '../../core/errors.js';
import { createAwsRuntime } from '../../providers/aws/runtime.js';
import { testConnection } from '../harness/aws-kinds.js';
import { parseAwsCredentials, type AwsCredentials } from '../../providers/aws/credentials.js';
import { classifyAwsError } from '../../providers/aws/errors.js';
import { runAccountInstances } from '../harness/aws-accounts.js';
import { resetMoto } from '../harness/aws-seed.js';
import { requirePeers } from '../harness/env.js';
import { startFaultProxy, type FaultProxy } from '../harness/fault-proxy.js';

const REGION = 'ap-southeast-1';
const MEMBER = '111122223333';
const ROLE = `arn:aws:iam::${MEMBER}:role/Auditor`;

const mustFail = (): never => assert.fail('the call must fail');

void describe('assumed-role credentials against moto STS', () => {
  let proxy: FaultProxy;
  let moto: string;
  let memberInstances: string[];
  let clock = 0;

  const provider = () =>
    createAwsRuntime({ endpoint: proxy.url, timeoutMs: 15_000, now: () => clock, maxClients: 4 });
  const credentials = (extra: Record<string, unknown> = {}): AwsCredentials =>
    parseAwsCredentials({
      access: 'testing',
      secret: 'testing',
      role_arn: ROLE,
      external_id: 'ext-42',
      session_name: 'discovery-test',
      duration_seconds: 900,
      ...extra,
    });
  const listInstances = async (p: ReturnType<typeof provider>, creds: AwsCredentials) => {
    const kind = p.resources['ec2.describeInstances'];
    assert.ok(kind);
    const page = await kind.listPage({
      connection: testConnection(creds),
      region: REGION,
      pageSize: 100,
      token: undefined,
      signal: AbortSignal.timeout(30_000),
    });
    return page.items.map((i) => (i as { InstanceId: string }).InstanceId).sort();
  };
  const assumeCalls = () => proxy.count('us-east-1', 'AssumeRole');

  before(async () => {
    moto = requirePeers().awsEndpoint;
    await resetMoto(moto);
    proxy = await startFaultProxy(moto);
    memberInstances = await runAccountInstances(moto, REGION, MEMBER, 3);
    await runAccountInstances(moto, REGION, '444455556666', 2);
  });
  after(async () => proxy?.close());

  void test('the role is assumed with its external id and session name, and calls reach its account', async () => {
    const p = provider();
    proxy.recording = true;
    try {
      assert.deepEqual(await listInstances(p, credentials()), memberInstances);
      const assume = proxy.requests.filter((r) => r.action === 'AssumeRole');
      assert.equal(assume.length, 1);
      assert.match(assume[0]?.body ?? '', new RegExp(`RoleArn=${ROLE}(&|$)`));
      assert.match(assume[0]?.body ?? '', /ExternalId=ext-42(&|$)/);
      assert.match(assume[0]?.body ?? '', /RoleSessionName=discovery-test(&|$)/);
      assert.match(assume[0]?.body ?? '', /DurationSeconds=900(&|$)/);
    } finally {
      proxy.recording = false;
      proxy.requests.length = 0;
      p.clients.destroy();
    }
  });

  void test('the session is reused, renewed when less than 5 minutes are left, and the client cache does not grow', async () => {
    clock = Date.now();
    const p = provider();
    try {
      const start = assumeCalls();
      const creds = credentials();
      await listInstances(p, creds);
      await listInstances(p, creds);
      assert.equal(assumeCalls() - start, 1, 'one AssumeRole for two listings');
      const first = await p.clients.identity(creds);
      const clientsBefore = p.clients.size;

      clock += 9 * 60_000; // 6 of 15 minutes left: still valid
      await listInstances(p, creds);
      assert.equal(assumeCalls() - start, 1);

      clock += 2 * 60_000; // 4 minutes left: renewed before the next call
      assert.deepEqual(await listInstances(p, creds), memberInstances);
      // moto dates the new session from the real clock, which the jumped clock is ahead of: until the
      // clock is back, every resolution renews. Then the renewed session is reused again.
      assert.ok(assumeCalls() - start >= 2, 'renewed');
      clock = Date.now();
      await listInstances(p, creds);
      const renewed = assumeCalls();
      await listInstances(p, creds);
      assert.equal(assumeCalls(), renewed, 'the renewed session is reused');
      const second = await p.clients.identity(creds);
      assert.notEqual(second.accessKeyId, first.accessKeyId, 'new temporary keys');
      assert.equal(p.clients.size, clientsBefore, 'rotated keys do not add clients');
    } finally {
      p.clients.destroy();
    }
  });

  void test('an expired session token is renewed and the retry succeeds', async () => {
    clock = Date.now();
    const p = provider();
    try {
      const creds = credentials({ session_name: 'expiry-test' });
      await listInstances(p, creds);
      const start = assumeCalls();
      proxy.rules.push({
        action: 'DescribeInstances',
        region: REGION,
        status: 400,
        code: 'ExpiredToken',
        times: 1,
      });
      const err = await listInstances(p, creds).then(mustFail, (e: unknown) => e);
      const typed = classifyAwsError(err);
      assert.equal(typed.type, ErrorType.Transient, typed.message);
      assert.equal(typed.retryable, true);
      assert.deepEqual(await listInstances(p, creds), memberInstances, 'the retry signs with new keys');
      assert.equal(assumeCalls() - start, 1, 'assumed again after the expiry');
    } finally {
      proxy.rules.length = 0;
      p.clients.destroy();
    }
  });

  void test('an expired token of keys the user gave is final: invalid credentials', async () => {
    const p = provider();
    try {
      proxy.rules.push({ action: 'DescribeInstances', region: REGION, status: 400, code: 'ExpiredToken' });
      const err = await listInstances(p, {
        accessKeyId: 'testing',
        secretAccessKey: 'x',
        sessionToken: 't',
      }).then(mustFail, (e: unknown) => e);
      assert.equal(classifyAwsError(err).type, ErrorType.InvalidCredentials);
    } finally {
      proxy.rules.length = 0;
      p.clients.destroy();
    }
  });

  void test('a refused AssumeRole is PermissionDenied, naming the role', async () => {
    const p = provider();
    try {
      proxy.rules.push({ action: 'AssumeRole', body: /role\/Auditor/, status: 403, code: 'AccessDenied' });
      const err = await listInstances(p, credentials({ session_name: 'denied-test' })).then(
        mustFail,
        (e: unknown) => e,
      );
      const typed = classifyAwsError(err);
      assert.equal(typed.type, ErrorType.PermissionDenied);
      assert.equal(typed.retryable, false);
      assert.match(typed.message, new RegExp(`AccessDenied .*AssumeRole ${ROLE}`));
    } finally {
      proxy.rules.length = 0;
      p.clients.destroy();
    }
  });

  void test('the client cache is bounded: least recently used clients go', () => {
    const p = provider();
    const keys = (i: number): AwsCredentials => ({
      accessKeyId: 'testing',
      secretAccessKey: 'testing',
      sessionToken: `t${i}`,
    });
    try {
      const kept = p.clients.ec2Client(keys(0), REGION);
      for (let i = 1; i < 10; i++) {
        p.clients.ec2Client(keys(i), REGION);
        assert.equal(p.clients.ec2Client(keys(0), REGION), kept, 'recently used: kept');
      }
      assert.equal(p.clients.size, 4);
      assert.notEqual(p.clients.ec2Client(keys(1), REGION), undefined);
      assert.equal(p.clients.size, 4, 'a re-created client evicts another');
    } finally {
      p.clients.destroy();
    }
  });
});
