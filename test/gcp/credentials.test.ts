// The service-account key and connection fields are validated field by field, each error naming the
// field (and never echoing key material).
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, test } from 'node:test';
import { ErrorType } from '../../core/errors.js';
import { parseGcpCredentials } from '../../providers/gcp/credentials.js';

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PEM = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
const KEY = {
  type: 'service_account',
  project_id: 'acme-prod',
  private_key_id: 'a'.repeat(40),
  private_key: PEM,
  client_email: 'discovery@acme-prod.iam.gserviceaccount.com',
  client_id: '100000000000000000001',
  token_uri: 'https://oauth2.googleapis.com/token',
};

function rejects(decoded: Record<string, unknown>, field: string, pattern?: RegExp): void {
  assert.throws(
    () => parseGcpCredentials(decoded),
    (err: Error & { type?: string; details?: Record<string, unknown> }) => {
      assert.equal(err.type, ErrorType.InvalidCredentials);
      assert.equal(err.details?.field, field);
      assert.ok(err.message.startsWith(`${field}:`), err.message);
      if (pattern) assert.match(err.message, pattern);
      assert.equal(err.message.includes('PRIVATE KEY'), false);
      return true;
    },
  );
}

void describe('GCP credentials', () => {
  void test('a key as JSON text or object; project defaults to the key project; parent forms', () => {
    const a = parseGcpCredentials({ credentials: JSON.stringify(KEY) });
    assert.equal(a.project, 'acme-prod');
    assert.equal(a.parent, undefined);
    assert.equal(a.key.client_email, KEY.client_email);
    const b = parseGcpCredentials({ key: KEY, project: 'other-project', organization: '123456789012' });
    assert.equal(b.project, 'other-project');
    assert.equal(b.parent, 'organizations/123456789012');
    assert.equal(parseGcpCredentials({ credentials: KEY, folder: 42 }).parent, 'folders/42');
    assert.equal(parseGcpCredentials({ credentials: KEY, parent: 'folders/7' }).parent, 'folders/7');
  });

  void test('each bad field is named', () => {
    rejects({}, 'credentials', /required/);
    rejects({ credentials: '{not json' }, 'credentials', /not JSON/);
    rejects({ credentials: [] }, 'credentials');
    rejects({ credentials: { ...KEY, type: 'authorized_user' } }, 'credentials.type');
    rejects({ credentials: { ...KEY, project_id: 'Bad_Project' } }, 'credentials.project_id');
    rejects({ credentials: { ...KEY, project_id: undefined } }, 'credentials.project_id', /required/);
    rejects({ credentials: { ...KEY, private_key_id: 'xyz' } }, 'credentials.private_key_id');
    rejects({ credentials: { ...KEY, client_email: 'someone@gmail.com' } }, 'credentials.client_email');
    rejects(
      {
        credentials: {
          ...KEY,
          private_key: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n',
        },
      },
      'credentials.private_key',
    );
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    }) as string;
    rejects({ credentials: { ...KEY, private_key: ec } }, 'credentials.private_key', /RSA/);
    rejects({ credentials: { ...KEY, client_id: 5 } }, 'credentials.client_id');
    rejects({ credentials: KEY, project: 'x' }, 'project');
    rejects({ credentials: KEY, parent: 'projects/1' }, 'parent');
    rejects({ credentials: KEY, organization: 'acme' }, 'organization');
    rejects({ credentials: KEY, parent: 'folders/1', organization: '2' }, 'organization', /only one/);
  });
});
