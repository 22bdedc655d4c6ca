// providers/aws/credentials.ts: decoded connection credentials → AwsCredentials, with errors naming the field.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { InvalidCredentialsError } from '../../core/errors.js';
import { memberCredentials, parseAwsCredentials } from '../../providers/aws/credentials.js';
import { chainKey } from '../../providers/aws/role-sessions.js';

const KEYS = { access: 'AKIAEXAMPLE', secret: 'secret' };
const ROLE = 'arn:aws:iam::123456789012:role/Auditor';

function rejects(decoded: Record<string, unknown>, field: string, why: RegExp): void {
  assert.throws(
    () => parseAwsCredentials(decoded),
    (err: unknown) => {
      assert.ok(err instanceof InvalidCredentialsError);
      assert.equal(err.details.field, field);
      assert.match(err.message, new RegExp(`field "${field.replace('.', '\\.')}"`));
      assert.match(err.message, why);
      return true;
    },
  );
}

void describe('parseAwsCredentials', () => {
  void test('static keys, with or without a session token', () => {
    assert.deepEqual(parseAwsCredentials(KEYS), { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret' });
    assert.deepEqual(parseAwsCredentials({ ...KEYS, session_token: 'tok' }), {
      accessKeyId: 'AKIAEXAMPLE',
      secretAccessKey: 'secret',
      sessionToken: 'tok',
    });
  });

  void test('assume-role: arn, external id, session name and duration', () => {
    const c = parseAwsCredentials({
      ...KEYS,
      role_arn: ROLE,
      external_id: 'ext-42',
      session_name: 'audit',
      duration_seconds: 900,
    });
    assert.deepEqual(c.roles, [
      { roleArn: ROLE, externalId: 'ext-42', sessionName: 'audit', durationSeconds: 900 },
    ]);
  });

  void test('assume-role defaults: session name and one hour', () => {
    assert.deepEqual(parseAwsCredentials({ ...KEYS, role_arn: ROLE }).roles, [
      { roleArn: ROLE, sessionName: 'maestro-discovery', durationSeconds: 3600 },
    ]);
  });

  void test('organization discovery', () => {
    assert.deepEqual(
      parseAwsCredentials({ ...KEYS, organization: { member_role_name: 'OrgRead', external_id: 'o-ext' } })
        .organization,
      { memberRoleName: 'OrgRead', externalId: 'o-ext' },
    );
  });

  void test('bad input names the field and why', () => {
    rejects({ secret: 's' }, 'access', /missing/);
    rejects({ access: 'a' }, 'secret', /missing/);
    rejects({ ...KEYS, session_token: 42 }, 'session_token', /must be a string/);
    rejects({ ...KEYS, role_arn: 'arn:aws:iam::12:role/x' }, 'role_arn', /not an IAM role ARN/);
    rejects({ ...KEYS, role_arn: 'arn:aws:iam::123456789012:user/x' }, 'role_arn', /not an IAM role ARN/);
    rejects({ ...KEYS, external_id: 'ext' }, 'external_id', /only valid with "role_arn"/);
    rejects({ ...KEYS, role_arn: ROLE, external_id: 'x' }, 'external_id', /2 to 1224/);
    rejects({ ...KEYS, role_arn: ROLE, session_name: 'has space' }, 'session_name', /2 to 64/);
    rejects({ ...KEYS, role_arn: ROLE, duration_seconds: 60 }, 'duration_seconds', /between 900 and 43200/);
    rejects({ ...KEYS, organization: 'yes' }, 'organization', /must be an object/);
    rejects({ ...KEYS, organization: {} }, 'organization.member_role_name', /is missing/);
    rejects(
      { ...KEYS, organization: { member_role_name: 'a b' } },
      'organization.member_role_name',
      /not an IAM role name/,
    );
  });
});

void describe('memberCredentials', () => {
  const base = parseAwsCredentials({
    ...KEYS,
    organization: { member_role_name: 'OrgRead', external_id: 'o-ext' },
  });

  void test('a member account: the member role is assumed with the organization external id', () => {
    const c = memberCredentials(base, '210987654321', '123456789012');
    assert.equal(c.organization, undefined);
    assert.deepEqual(c.roles, [
      {
        roleArn: 'arn:aws:iam::210987654321:role/OrgRead',
        externalId: 'o-ext',
        sessionName: 'maestro-discovery',
        durationSeconds: 3600,
      },
    ]);
  });

  void test('the account of the connection itself: its own credentials', () => {
    assert.deepEqual(memberCredentials(base, '123456789012', '123456789012'), {
      accessKeyId: 'AKIAEXAMPLE',
      secretAccessKey: 'secret',
    });
  });

  void test('chained after the connection role', () => {
    const withRole = parseAwsCredentials({
      ...KEYS,
      role_arn: ROLE,
      organization: { member_role_name: 'R' },
    });
    const c = memberCredentials(withRole, '210987654321', '123456789012');
    assert.deepEqual(
      c.roles?.map((r) => r.roleArn),
      [ROLE, 'arn:aws:iam::210987654321:role/R'],
    );
  });

  void test('an account id that is not 12 digits is refused', () => {
    assert.throws(() => memberCredentials(base, '12', undefined), /field "account"/);
  });
});

void describe('chainKey (client and session cache key)', () => {
  void test('stable, secret-free, and different per role chain', () => {
    const a = parseAwsCredentials({ ...KEYS, role_arn: ROLE });
    const b = parseAwsCredentials({ ...KEYS, role_arn: ROLE, external_id: 'other' });
    assert.equal(chainKey(a), chainKey(parseAwsCredentials({ ...KEYS, role_arn: ROLE })));
    assert.notEqual(chainKey(a), chainKey(b));
    assert.notEqual(chainKey(a), chainKey(parseAwsCredentials(KEYS)));
    assert.equal(chainKey(a, 0), chainKey(parseAwsCredentials(KEYS)));
    assert.ok(!chainKey(a).includes('secret') && !chainKey(a).includes('AKIA'));
  });
});
