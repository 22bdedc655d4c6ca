import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { COLLECTIONS } from '../../store/collections.js';
import {
  deleteVolumes,
  resetMoto,
  seedRegion,
  terminateInstances,
  type SeededRegion,
} from '../harness/aws-seed.js';
import { seedMaestroAwsConnection } from '../harness/connections.js';
import { startCrawlEnv, testConfig, type CrawlEnv } from '../harness/crawl-env.js';
import { changesOf, ids, inventory, motoInstances, motoVolumes, runDoc } from '../harness/inventory.js';

// Each test file uses its own moto regions, so files never see each other's resources.
const A = 'eu-west-1';
const B = 'eu-west-2';

void describe('crawl of an AWS account on the real dev server, MongoDB server and moto', () => {
  let env: CrawlEnv;
  let connectionId: string;
  let seeded: SeededRegion[];

  before(async () => {
    env = await startCrawlEnv(testConfig('crawl-aws'));
    await resetMoto(env.config.providers.aws.endpoint);
    seeded = [
      await seedRegion(env.config.providers.aws.endpoint, A, 12, 6),
      await seedRegion(env.config.providers.aws.endpoint, B, 8, 4),
    ];
    connectionId = await seedMaestroAwsConnection(env.db, {
      regions: [`${A} (Ireland)`, `${B} (London)`],
      secretJwt: env.config.secretJwt,
    });
  });
  after(async () => env?.stop());

  void test('the first crawl stores exactly what moto holds, field by field', async () => {
    const result = await env.crawl(connectionId, 'server-list');
    assert.equal(result.status, 'completed');
    const truth = [
      ...(await motoInstances(env.config.providers.aws.endpoint, A)),
      ...(await motoInstances(env.config.providers.aws.endpoint, B)),
    ];
    const docs = await inventory(env.db, 'servers', connectionId);
    assert.deepEqual(ids(docs), truth.map((i) => i.InstanceId as string).sort());
    assert.equal(result.totals.created, truth.length);
    assert.equal(result.scopes.length, 2);

    const sample = truth.find((i) => i.InstanceId === seeded[0]!.instanceIds[0]);
    const doc = docs.find((d) => d.unique_id === sample?.InstanceId);
    assert.ok(sample && doc, 'the sample instance is stored');
    assert.equal(doc.ipv4_private, sample.PrivateIpAddress);
    assert.equal(doc.ipv4_public, sample.PublicIpAddress);
    assert.equal(doc.dns_private, sample.PrivateDnsName);
    assert.equal(doc.name, `${A}-web-1`.charAt(0).toUpperCase() + `${A}-web-1`.slice(1));
    assert.equal(doc.role, 'Web');
    assert.equal(doc.environment, 'Production');
    assert.equal(doc.status, 'Active');
    assert.equal(doc.active, true);
    assert.deepEqual(doc.auth, [{ name: 'demo-key', type: 'PKI' }]);
    assert.ok(doc.created_at instanceof Date, 'created_at is a real BSON date');
    assert.equal(doc.created_at.getTime(), sample.LaunchTime?.getTime());
    const dc = doc.datacenters as Record<string, unknown>;
    assert.equal(dc.region, `${A} (Ireland)`);
    assert.equal(dc.zone, sample.Placement?.AvailabilityZone);
    assert.equal(dc.instance, 't3.micro');
    assert.equal(dc.image_id, sample.ImageId);
    assert.equal(dc.provider, 'AWS');
    const storage = doc.storage as Array<Record<string, unknown>>;
    assert.equal(storage[0]?.unique_id, sample.BlockDeviceMappings?.[0]?.Ebs?.VolumeId);
    assert.deepEqual(doc.accountant, [connectionId]);
    assert.equal((doc.owner as { refs: string }).refs, 'connections');
    assert.equal((doc.roles as unknown[]).length, 1);
    for (const field of ['first_seen', 'last_seen', 'updated_at'])
      assert.ok(doc[field] instanceof Date, `${field} is a BSON date`);
    assert.equal(doc.last_seen_run, result.runId);

    const run = await runDoc(env.db, result.runId);
    assert.equal(run.status, 'completed');
    assert.equal(run.task, 'server-list');
    assert.ok(run.finished_at instanceof Date);
    assert.deepEqual(run.scopes.map((s) => [s.key, s.status, s.created]).sort(), [
      [`ec2.describeInstances@${A}`, 'completed', 12],
      [`ec2.describeInstances@${B}`, 'completed', 8],
    ]);
    const changes = await changesOf(env.db, result.runId);
    assert.equal(changes.length, truth.length);
    assert.ok(changes.every((c) => c.kind === 'created' && c.entity === 'servers'));
    const conn = await env.db
      .collection(COLLECTIONS.connections)
      .findOne({ _id: new (await import('mongodb')).ObjectId(connectionId) });
    assert.equal(conn?.process?.['server-list']?.state, 'success');
  });

  void test('a second crawl with no change writes nothing', async () => {
    const before = await inventory(env.db, 'servers', connectionId);
    const result = await env.crawl(connectionId, 'server-list');
    assert.equal(result.status, 'completed');
    assert.equal(result.totals.unchanged, before.length);
    assert.equal(
      result.totals.created + result.totals.updated + result.totals.deactivated + result.totals.reactivated,
      0,
    );
    assert.equal((await changesOf(env.db, result.runId)).length, 0);
    const afterDocs = await inventory(env.db, 'servers', connectionId);
    for (const [i, doc] of afterDocs.entries()) {
      assert.equal(
        (doc.updated_at as Date).getTime(),
        (before[i]!.updated_at as Date).getTime(),
        `${doc.unique_id} was not rewritten`,
      );
      assert.equal(doc.checksum, before[i]!.checksum);
    }
    // Recognised from the tracker's checksums (docs/architecture.md, "Unchanged re-crawls"): the
    // sighting is in this run's tracker chunks, the documents are not rewritten.
    const tracked = await env.db.collection('discovery_tracker').find({ run_id: result.runId }).toArray();
    const seen = new Set(tracked.flatMap((c) => (c.ids ?? []) as string[]));
    assert.deepEqual(
      afterDocs.filter((d) => !seen.has(d.unique_id)).map((d) => d.unique_id),
      [],
      'every resource tracked as seen in this run',
    );
  });

  void test('terminated instances and deleted volumes are deactivated, exactly those, with change records', async () => {
    await env.crawl(connectionId, 'volumes-list');
    const terminated = seeded[0]!.instanceIds.slice(0, 2);
    const deleted = seeded[1]!.volumeIds.slice(0, 2);
    const servers = await inventory(env.db, 'servers', connectionId);
    const rootVolumes = servers
      .filter((s) => terminated.includes(s.unique_id))
      .flatMap((s) => (s.storage as Array<{ unique_id: string }>).map((v) => v.unique_id));
    await terminateInstances(env.config.providers.aws.endpoint, A, terminated);
    await deleteVolumes(env.config.providers.aws.endpoint, B, deleted);

    const s = await env.crawl(connectionId, 'server-list');
    assert.equal(s.status, 'completed');
    assert.equal(s.totals.deactivated, 2);
    const sChanges = await changesOf(env.db, s.runId);
    assert.deepEqual(ids(sChanges), [...terminated].sort());
    assert.ok(sChanges.every((c) => c.kind === 'deactivated'));
    const inactive = (await inventory(env.db, 'servers', connectionId)).filter((d) => !d.active);
    assert.deepEqual(ids(inactive), [...terminated].sort());

    const v = await env.crawl(connectionId, 'volumes-list');
    assert.equal(v.status, 'completed');
    // Moto deletes a terminated instance's root volume (DeleteOnTermination), so those go too.
    const expected = [...deleted, ...rootVolumes].sort();
    const stillInMoto = new Set([
      ...(await motoVolumes(env.config.providers.aws.endpoint, A)).map((x) => x.VolumeId),
      ...(await motoVolumes(env.config.providers.aws.endpoint, B)).map((x) => x.VolumeId),
    ]);
    assert.ok(
      expected.every((id) => !stillInMoto.has(id)),
      'the expected volumes are gone from moto',
    );
    const vChanges = await changesOf(env.db, v.runId);
    assert.deepEqual(ids(vChanges), expected);
    assert.ok(
      vChanges.every(
        (c) => c.kind === 'deactivated' && c.diff.some((d) => d.field === 'active' && d.after === false),
      ),
    );
    assert.equal(v.totals.deactivated, expected.length);
    const volumes = await inventory(env.db, 'volumes', connectionId);
    assert.deepEqual(ids(volumes.filter((d) => !d.active)), expected);
    assert.equal(volumes.filter((d) => d.active).length, stillInMoto.size);
  });

  void test('a resource deactivated in the database by another writer is reactivated at the next inventory read, with a change record', async () => {
    const target = seeded[1]!.instanceIds[0]!;
    await env.db
      .collection('servers')
      .updateOne({ connection_id: connectionId, unique_id: target }, { $set: { active: false } });
    // Within DISCOVERY_RECHECK_HOURS of the last inventory read an unchanged record is trusted from the
    // tracker (docs/architecture.md, "Unchanged re-crawls"): let that window pass.
    await env.db
      .collection('discovery_tracker')
      .updateMany(
        { connection_id: connectionId },
        { $set: { verified_at: new Date(Date.now() - 25 * 3_600_000) } },
      );
    const result = await env.crawl(connectionId, 'server-list');
    assert.equal(result.totals.reactivated, 1);
    const changes = await changesOf(env.db, result.runId);
    assert.deepEqual(
      changes.map((c) => [c.unique_id, c.kind]),
      [[target, 'reactivated']],
    );
    const doc = await env.db
      .collection('servers')
      .findOne({ connection_id: connectionId, unique_id: target });
    assert.equal(doc?.active, true);
  });
});
