// File-source connections through /v1/connections: the service key names the transport, credentials are
// validated by field and stored encrypted, never echoed.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ObjectId } from 'mongodb';
import { decryptJson } from '../../core/crypto.js';
import { startApiEnv, userToken, type ApiEnv } from '../harness/api.js';
import { testConfig } from '../harness/crawl-env.js';

const KEY = 'cd'.repeat(32);
const SECRET = 'files-s3-secret-never-echoed';

void describe('/v1 connections of the file sources', () => {
  let env: ApiEnv;
  let user: { authorization: string };
  const tenant = new ObjectId().toHexString();
  before(async () => {
    const config = testConfig('files-api', { DISCOVERY_ENCRYPTION_KEY: KEY });
    env = await startApiEnv(config);
    user = { authorization: `Bearer ${await userToken(config, tenant)}` };
  });
  after(async () => env?.close());

  const create = (body: Record<string, unknown>) =>
    env.app.inject({ method: 'POST', url: '/v1/connections', headers: user, payload: body });

  void test('s3_ansible: the service is kept, the credentials stored encrypted and not echoed', async () => {
    const credentials = { bucket: 'facts', path: '/prod/', access: 'AKIAFILES', secret: SECRET };
    const res = await create({ provider: 's3_ansible', name: 'Facts', regions: ['all'], credentials });
    assert.equal(res.statusCode, 201, res.body);
    assert.ok(!res.body.includes(SECRET));
    const view = res.json<{ id: string; providerId: string; service: string; provider: string }>();
    assert.equal(view.providerId, 'ansible');
    assert.equal(view.service, 's3_ansible');
    assert.equal(view.provider, 'Ansible');
    const doc = await env.services.store.connections.get(view.id);
    assert.ok(doc.credentials, 'stored in the credentials field');
    assert.equal(doc.service, 's3_ansible');
    assert.ok(!JSON.stringify(doc).includes(SECRET), 'stored encrypted');
    assert.deepEqual(decryptJson(doc.credentials, KEY, view.id), credentials);
  });

  void test('ssh_terraform without a host-key fingerprint: 400 naming credentials.fingerprint', async () => {
    const res = await create({
      provider: 'ssh_terraform',
      name: 'States',
      regions: ['all'],
      credentials: {
        host: 'tf.example',
        user: 'tf',
        path: '/srv/states',
        key: '-----BEGIN OPENSSH PRIVATE KEY-----\nx\n-----END OPENSSH PRIVATE KEY-----\n',
      },
    });
    assert.equal(res.statusCode, 400, res.body);
    assert.equal(
      res.json<{ error: { details?: { field?: string } } }>().error.details?.field,
      'credentials.fingerprint',
    );
  });

  void test('upload_file: the artifacts are required', async () => {
    const res = await create({
      provider: 'upload_file',
      name: 'Import',
      regions: ['all'],
      credentials: { artifacts: [] },
    });
    assert.equal(res.statusCode, 400, res.body);
    assert.equal(
      res.json<{ error: { details?: { field?: string } } }>().error.details?.field,
      'credentials.artifacts',
    );
  });
});
