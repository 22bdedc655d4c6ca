import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { WorkflowFailedError } from '@temporalio/client';
import { ObjectId } from 'mongodb';
import { COLLECTIONS } from '../../store/collections.js';
import { deleteVolumes, resetMoto, seedRegion } from '../harness/aws-seed.js';
import { seedEncryptedAwsConnection, seedMaestroAwsConnection } from '../harness/connections.js';
import { startCrawlEnv, testConfig, type CrawlEnv } from '../harness/crawl-env.js';
import { startFaultProxy, type FaultProxy } from '../harness/fault-proxy.js';
import { changesOf, inventory, runDoc } from '../harness/inventory.js';

const KEY = 'a'.repeat(64);

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

void describe('crawls that meet failures deactivate nothing they did not prove gone', () => {
  let env: CrawlEnv;
  let proxy: FaultProxy;
  let moto: string;

  before(async () => {
    const base = testConfig('failures');
    moto = base.providers.aws.endpoint;
    await resetMoto(moto);
    proxy = await startFaultProxy(moto);
    env = await startCrawlEnv(
      testConfig('failures', {
        AWS_ENDPOINT_URL: proxy.url,
        DISCOVERY_ENCRYPTION_KEY: KEY,
        MAESTRO_SCAN_QTD: '5',
      }),
    );
  });
  after(async () => {
    await env?.stop();
    await proxy?.close();
  });

  void test('a region whose calls fail deactivates nothing there while the other region completes: run partial', async () => {
    const ok = await seedRegion(moto, 'ap-south-1', 0, 6);
    const bad = await seedRegion(moto, 'ap-northeast-1', 0, 6);
    const id = await seedMaestroAwsConnection(env.db, {
      regions: ['ap-south-1 (Mumbai)', 'ap-northeast-1 (Tokyo)'],
      secretJwt: env.config.secretJwt,
    });
    assert.equal((await env.crawl(id, 'volumes-list')).status, 'completed');
    await deleteVolumes(moto, 'ap-south-1', ok.volumeIds.slice(0, 1));
    await deleteVolumes(moto, 'ap-northeast-1', bad.volumeIds.slice(0, 2));
    proxy.failRegions.add('ap-northeast-1');
    try {
      const result = await env.crawl(id, 'volumes-list');
      assert.equal(result.status, 'partial');
      const run = await runDoc(env.db, result.runId);
      assert.equal(run.status, 'partial');
      const byKey = Object.fromEntries(run.scopes.map((s) => [s.key, s]));
      assert.equal(byKey['ec2.describeVolumes@ap-south-1']?.status, 'completed');
      assert.equal(byKey['ec2.describeVolumes@ap-south-1']?.deactivated, 1);
      const failed = byKey['ec2.describeVolumes@ap-northeast-1'];
      assert.equal(failed?.status, 'failed');
      assert.match(failed?.error?.message ?? '', /InternalError|500/);
      assert.equal(failed?.sweep, undefined, 'a failed scope is never swept');
      const docs = await inventory(env.db, 'volumes', id);
      for (const gone of bad.volumeIds.slice(0, 2)) {
        assert.equal(
          docs.find((d) => d.unique_id === gone)?.active,
          true,
          `${gone} stays active: its region failed`,
        );
      }
      assert.equal(docs.find((d) => d.unique_id === ok.volumeIds[0])?.active, false);
      const conn = await env.db.collection(COLLECTIONS.connections).findOne({ _id: new ObjectId(id) });
      assert.equal(conn?.process?.['volumes-list']?.state, 'warning');
    } finally {
      proxy.failRegions.delete('ap-northeast-1');
    }
  });

  void test('a second trigger during a crawl attaches to it instead of starting another', async () => {
    await seedRegion(moto, 'ca-central-1', 0, 20);
    const id = await seedMaestroAwsConnection(env.db, {
      regions: ['ca-central-1'],
      secretJwt: env.config.secretJwt,
    });
    proxy.delayMs.set('DescribeVolumes', 300);
    try {
      const first = await env.client.start({ connectionId: id, task: 'volumes-list' });
      const second = await env.client.start({ connectionId: id, task: 'volumes-list' });
      assert.equal(first.started, true);
      assert.equal(second.started, false);
      assert.equal(second.workflowId, first.workflowId);
      const d1 = await first.handle.describe();
      const d2 = await second.handle.describe();
      assert.equal(d2.runId, d1.runId, 'both handles point at the same run');
      const result = await env.client.result(first.workflowId);
      assert.equal(result.status, 'completed');
      const runs = await env.db.collection(COLLECTIONS.runs).countDocuments({ connection_id: id });
      assert.equal(runs, 1, 'one run in the ledger');
    } finally {
      proxy.delayMs.clear();
    }
  });

  void test('cancelling a crawl closes its scopes and deactivates nothing', async () => {
    const seeded = await seedRegion(moto, 'sa-east-1', 0, 30);
    const id = await seedMaestroAwsConnection(env.db, {
      regions: ['sa-east-1'],
      secretJwt: env.config.secretJwt,
    });
    assert.equal((await env.crawl(id, 'volumes-list')).status, 'completed');
    await deleteVolumes(moto, 'sa-east-1', seeded.volumeIds.slice(0, 2));
    proxy.delayMs.set('DescribeVolumes', 400);
    try {
      const started = await env.client.start({ connectionId: id, task: 'volumes-list' });
      await until('a page fetched', async () => {
        const p = await env.client.progress(started.workflowId);
        return p.scopes.some((s) => s.status === 'running') ? true : undefined;
      });
      await env.client.cancel(started.workflowId);
      await assert.rejects(env.client.result(started.workflowId), (err: unknown) => {
        assert.ok(err instanceof WorkflowFailedError);
        assert.equal(err.cause?.name, 'CancelledFailure');
        return true;
      });
      const desc = await started.handle.describe();
      const run = await until('the ledger to record the cancellation', async () => {
        const r = await runDoc(env.db, desc.runId);
        return r.status === 'cancelled' ? r : undefined;
      });
      assert.ok(run.scopes.every((s) => s.status === 'cancelled'));
      const docs = await inventory(env.db, 'volumes', id);
      assert.equal(docs.filter((d) => !d.active).length, 0, 'nothing deactivated');
      assert.equal((await changesOf(env.db, desc.runId)).filter((c) => c.kind === 'deactivated').length, 0);
    } finally {
      proxy.delayMs.clear();
    }
  });

  void test('the mass-deletion guard refuses to deactivate most of a scope, and force applies it', async () => {
    const seeded = await seedRegion(moto, 'us-west-1', 0, 10);
    const id = await seedMaestroAwsConnection(env.db, {
      regions: ['us-west-1'],
      secretJwt: env.config.secretJwt,
    });
    await env.crawl(id, 'volumes-list');
    await deleteVolumes(moto, 'us-west-1', seeded.volumeIds.slice(0, 6));
    const guarded = await env.crawl(id, 'volumes-list');
    assert.equal(guarded.status, 'completed');
    assert.equal(guarded.scopes[0]?.sweep?.status, 'guarded');
    assert.equal(guarded.scopes[0]?.sweep?.candidates, 6);
    assert.match(guarded.scopes[0]?.sweep?.reason ?? '', /refused to deactivate 6 of 10/);
    assert.equal((await inventory(env.db, 'volumes', id)).filter((d) => !d.active).length, 0);
    const run = await runDoc(env.db, guarded.runId);
    assert.equal(run.scopes[0]?.sweep?.status, 'guarded');

    const forced = await env.crawl(id, 'volumes-list', true);
    assert.equal(forced.scopes[0]?.sweep?.status, 'done');
    assert.equal(forced.totals.deactivated, 6);
    assert.equal((await inventory(env.db, 'volumes', id)).filter((d) => !d.active).length, 6);
  });

  void test('a denied region ends unauthorized and deactivates nothing', async () => {
    await seedRegion(moto, 'us-east-2', 0, 3);
    const id = await seedMaestroAwsConnection(env.db, {
      regions: ['us-east-2'],
      secretJwt: env.config.secretJwt,
    });
    await env.crawl(id, 'volumes-list');
    proxy.denyRegions.add('us-east-2');
    try {
      const result = await env.crawl(id, 'volumes-list');
      assert.equal(result.status, 'failed');
      assert.equal(result.scopes[0]?.status, 'unauthorized');
      assert.equal(result.scopes[0]?.error?.type, 'PermissionDenied');
      // Non-retryable: one call, no retries.
      assert.ok(proxy.count('us-east-2', 'DescribeVolumes') <= 3);
      assert.equal((await inventory(env.db, 'volumes', id)).filter((d) => !d.active).length, 0);
    } finally {
      proxy.denyRegions.delete('us-east-2');
    }
  });

  void test('bad credentials fail the run with a clear error and a danger status', async () => {
    const id = await seedMaestroAwsConnection(env.db, {
      regions: ['us-east-2'],
      secretJwt: 'not-the-secret',
    });
    const started = await env.client.start({ connectionId: id, task: 'volumes-list' });
    await assert.rejects(env.client.result(started.workflowId), (err: unknown) => {
      assert.ok(err instanceof WorkflowFailedError);
      assert.match(String(err.cause?.message), /MAESTRO_SECRETJWT/);
      return true;
    });
    const run = await env.db.collection(COLLECTIONS.runs).findOne({ connection_id: id });
    assert.equal(run?.status, 'failed');
    assert.equal(run?.error?.type, 'InvalidCredentials');
    const conn = await env.db.collection(COLLECTIONS.connections).findOne({ _id: new ObjectId(id) });
    assert.equal(conn?.process?.['volumes-list']?.state, 'danger');
  });

  void test('an unknown task is refused with the list of tasks', async () => {
    const id = await seedMaestroAwsConnection(env.db, {
      regions: ['us-east-2'],
      secretJwt: env.config.secretJwt,
    });
    const started = await env.client.start({ connectionId: id, task: 'teleport-list' });
    await assert.rejects(env.client.result(started.workflowId), (err: unknown) => {
      assert.ok(err instanceof WorkflowFailedError);
      assert.match(
        String(err.cause?.message),
        /task: "teleport-list" is not a task of provider aws \(tasks: server-list, volumes-list/,
      );
      return true;
    });
  });

  void test('Discovery-format connections (AES-256-GCM credentials) crawl like Maestro ones', async () => {
    await seedRegion(moto, 'eu-north-1', 0, 2);
    const id = await seedEncryptedAwsConnection(env.db, {
      regions: ['eu-north-1'],
      secretJwt: '',
      encryptionKey: KEY,
    });
    const stored = await env.db.collection(COLLECTIONS.connections).findOne({ _id: new ObjectId(id) });
    assert.ok(!JSON.stringify(stored).includes('testing'), 'the secret is not stored in clear');
    const result = await env.crawl(id, 'volumes-list');
    assert.equal(result.status, 'completed');
    assert.equal(result.totals.created, 2);
  });
});
