// File sources crawled through Temporal with the real worker and the registered providers: a Terraform state over upload, Ansible
// facts over S3 (moto), Maestro JSON over SSH (sshd). Removing a resource from a state, or a file from
// a bucket, deactivates exactly its records on the next crawl; a malformed file fails the scope, named
// in the ledger, and deactivates nothing; a refused token leaves the scope unauthorized.
import assert from 'node:assert/strict';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CreateBucketCommand, DeleteObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { startUploadFake, type UploadFake } from '../../tooling/fakes/files/upload.js';
import { makeKeyPair, startSshd, type SshdPeer } from '../../tooling/peers/sshd.js';
import { ObjectId } from 'mongodb';
import { seedMaestroConnection } from '../harness/connections.js';
import { startCrawlEnv, testConfig, type CrawlEnv } from '../harness/crawl-env.js';
import { changesOf, ids, inventory, runDoc } from '../harness/inventory.js';
import { FIXTURES } from './golden-support.js';

const STATE = join(FIXTURES, 'terraform', 'terraform.tfstate');

void describe('file sources crawled through Temporal', () => {
  let env: CrawlEnv;
  let upload: UploadFake;
  let sshd: SshdPeer;
  let s3: S3Client;
  const bucket = `facts-${Date.now()}`;

  before(async () => {
    const secrets = testConfig('files');
    upload = await startUploadFake({ secret: secrets.secretJwtPrivate, noauth: secrets.noauth });
    // The registered providers, with server-app at the fake (MAESTRO_SERVER_URI).
    const base = testConfig('files', {
      MAESTRO_SCAN_QTD: '2',
      MAESTRO_TRANSLATE_QTD: '3',
      MAESTRO_SERVER_URI: upload.url,
      DISCOVERY_FILES_S3_ENDPOINT: secrets.providers.aws.endpoint,
    });
    sshd = await startSshd();
    s3 = new S3Client({
      region: 'us-east-1',
      endpoint: base.providers.terraform.s3Endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    });
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    env = await startCrawlEnv(base);
  });
  after(async () => {
    await env?.stop();
    await upload?.close();
    await sshd?.stop();
    s3?.destroy();
  });

  // One tenant owns every connection here: a resource two of them see is adopted, not a conflict.
  const tenant = new ObjectId();
  const connection = (provider: string, service: string, credentials: Record<string, unknown>) =>
    seedMaestroConnection(env.db, {
      ownerId: tenant,
      provider,
      service,
      credentials,
      regions: ['all'],
      secretJwt: env.config.secretJwt,
      dc: 'On-premises',
    });

  void it('Terraform over upload: a resource removed from the state is deactivated, exactly', async () => {
    const state = JSON.parse(await readFile(STATE, 'utf8')) as {
      resources: Array<{ name: string; instances: unknown[] }>;
    };
    upload.files.set('prod.tfstate', JSON.stringify(state));
    const id = await connection('Terraform', 'upload_terraform', { artifacts: ['prod.tfstate'] });
    const first = await env.crawl(id, 'server-list');
    assert.equal(first.status, 'completed');
    const docs = await inventory(env.db, 'servers', id);
    assert.deepEqual(ids(docs), ['i-0a1b2c3d4e5f60001', 'i-0a1b2c3d4e5f60002', 'i-0a1b2c3d4e5f60003']);
    const run = await runDoc(env.db, first.runId);
    assert.deepEqual(
      run.scopes.map((s) => [s.key, s.status]),
      [['statefile_instances@global', 'completed']],
    );
    assert.ok((run.scopes[0]?.pages ?? 0) >= 2, 'the state was read over several pages');

    // The batch worker leaves the state (terraform destroy -target …); web[1] was terminated already.
    assert.deepEqual(
      docs.filter((d) => !d.active).map((d) => d.unique_id),
      ['i-0a1b2c3d4e5f60002'],
    );
    state.resources = state.resources.filter((r) => r.name !== 'worker');
    upload.files.set('prod.tfstate', JSON.stringify(state));
    const second = await env.crawl(id, 'server-list');
    assert.equal(second.status, 'completed');
    const after2 = await inventory(env.db, 'servers', id);
    const inactive = after2.filter((d) => !d.active).map((d) => d.unique_id);
    assert.deepEqual(inactive, ['i-0a1b2c3d4e5f60002', 'i-0a1b2c3d4e5f60003']);
    const deactivated = (await changesOf(env.db, second.runId)).filter((c) => c.kind === 'deactivated');
    assert.deepEqual(
      deactivated.map((c) => c.unique_id),
      ['i-0a1b2c3d4e5f60003'],
    );
  });

  void it('Terraform storage-list writes the recipe family TFEbs (spec §12.5)', async () => {
    upload.files.set('ebs.tfstate', await readFile(STATE, 'utf8'));
    const id = await connection('Terraform', 'upload_terraform', { artifacts: ['ebs.tfstate'] });
    assert.equal((await env.crawl(id, 'storage-list')).status, 'completed');
    const docs = await inventory(env.db, 'volumes', id);
    assert.deepEqual(
      docs.map((d) => [d.unique_id, d.family]),
      [['vol-0bbb0000000000001', 'TFEbs']],
    );
  });

  void it('upload refused (401): the scope is unauthorized and nothing is deactivated', async () => {
    upload.files.set('a.tfstate', await readFile(STATE, 'utf8'));
    const id = await connection('Terraform', 'upload_terraform', { artifacts: ['a.tfstate'] });
    assert.equal((await env.crawl(id, 'server-list')).status, 'completed');
    upload.files.delete('a.tfstate');
    upload.inject({ match: 'upload-file', status: 401, body: 'Unauthorized' });
    try {
      const result = await env.crawl(id, 'server-list');
      const run = await runDoc(env.db, result.runId);
      assert.equal(run.scopes[0]?.status, 'unauthorized');
      assert.match(run.scopes[0]?.error?.message ?? '', /a\.tfstate: server-app answered HTTP 401/);
      const docs = await inventory(env.db, 'servers', id);
      // Only the instance the state says is terminated.
      assert.deepEqual(
        docs.filter((d) => !d.active).map((d) => d.unique_id),
        ['i-0a1b2c3d4e5f60002'],
        'nothing deactivated',
      );
      assert.equal((await changesOf(env.db, result.runId)).length, 0);
    } finally {
      upload.clearFaults();
    }
  });

  void it('Ansible over S3: a removed file deactivates its host; a malformed file fails the scope, named, deactivating nothing', async () => {
    const put = async (Key: string, Body: string) =>
      s3.send(new PutObjectCommand({ Bucket: bucket, Key, Body }));
    const web = await readFile(join(FIXTURES, 'ansible', 'web-01.json'), 'utf8');
    const db = await readFile(join(FIXTURES, 'ansible', 'db-01.json'), 'utf8');
    await put('facts/web-01', web);
    await put('facts/db-01', db);
    await put(
      'facts/old/app-01',
      web.replaceAll('ec2a1b2c3d4e5f60718293a4b5c6d7e8', 'a0000000000000000000000000000001'),
    );
    const id = await connection('Ansible', 's3_ansible', {
      bucket,
      path: '/facts/',
      access: 'testing',
      secret: 'testing',
    });
    assert.equal((await env.crawl(id, 'server-list')).status, 'completed');
    assert.deepEqual(ids(await inventory(env.db, 'servers', id)), [
      'a0000000000000000000000000000001',
      'db-01.lan',
      'ec2a1b2c3d4e5f60718293a4b5c6d7e8',
    ]);

    // A host retired and a broken file dropped next to the others: the scope fails and keeps everything.
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'facts/old/app-01' }));
    await put('facts/zz-broken', '{"ansible_facts": {"ansible_nodename": "x"');
    const failed = await env.crawl(id, 'server-list');
    const run = await runDoc(env.db, failed.runId);
    assert.equal(run.scopes[0]?.status, 'failed');
    assert.equal(run.scopes[0]?.error?.type, 'BadProviderData');
    assert.match(run.scopes[0]?.error?.message ?? '', /^facts\/zz-broken: not JSON/);
    assert.equal(run.scopes[0]?.sweep, undefined, 'a failed scope is never swept');
    assert.equal((await inventory(env.db, 'servers', id)).filter((d) => !d.active).length, 0);

    // Fixed: the retired host, and only it, is deactivated.
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'facts/zz-broken' }));
    const fixed = await env.crawl(id, 'server-list');
    assert.equal(fixed.status, 'completed');
    const docs = await inventory(env.db, 'servers', id);
    assert.deepEqual(
      docs.filter((d) => !d.active).map((d) => d.unique_id),
      ['a0000000000000000000000000000001'],
    );
  });

  void it('Maestro JSON over SSH: nested files, a file removed deactivates exactly its records', async () => {
    const key = await makeKeyPair('ed25519');
    await sshd.authorize(key.publicKey);
    const root = join(sshd.dir, 'maestro');
    await mkdir(join(root, 'dc east'), { recursive: true });
    await writeFile(
      join(root, 'inventory.json'),
      await readFile(join(FIXTURES, 'maestro', 'inventory.json')),
    );
    await writeFile(
      join(root, 'dc east', 'extra $(id).json'),
      JSON.stringify({ servers: [{ hostname: 'east-01', ipv4_private: '10.9.0.1' }] }),
    );
    const id = await connection('File', 'ssh_file', {
      host: sshd.host,
      port: String(sshd.port),
      user: sshd.user,
      path: root,
      key: key.privateKey,
      fingerprint: sshd.fingerprint,
    });
    assert.equal((await env.crawl(id, 'server-import')).status, 'completed');
    assert.deepEqual(ids(await inventory(env.db, 'servers', id)), [
      '10.0.1.99',
      'app-01.example.internal',
      'east-01',
      'srv-legacy-7',
    ]);
    await writeFile(join(root, 'dc east', 'extra $(id).json'), JSON.stringify({ servers: [] }));
    assert.equal((await env.crawl(id, 'server-import')).status, 'completed');
    const docs = await inventory(env.db, 'servers', id);
    // srv-legacy-7 says active: false in its file; east-01 left the file.
    assert.deepEqual(
      docs.filter((d) => !d.active).map((d) => d.unique_id),
      ['east-01', 'srv-legacy-7'],
    );
  });
});
