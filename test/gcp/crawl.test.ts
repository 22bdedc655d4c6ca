// GCP crawls through Temporal with the real worker, against the GCP fake: an organization connection
// whose three projects are readable, denied and without Compute; every task of a project connection
// paged at 3 items a page; a deleted instance deactivated exactly; unchanged checksums on a second crawl.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { seedMaestroConnection } from '../harness/connections.js';
import { startCrawlEnv, testConfig, type CrawlEnv } from '../harness/crawl-env.js';
import { changesOf, inventory } from '../harness/inventory.js';
import { ORG, PROD_COUNTS, startGcpTestWorld, type GcpTestWorld } from '../harness/gcp-world.js';
import { GCP_TASKS } from '../../providers/gcp/catalogue.js';
import { makeResources, type Collection } from '../../tooling/fakes/gcp/world.js';

/** Entity and expected count per task, for the acme-prod project. */
const TASKS: Record<string, { entity: string; collections: Collection[] }> = {
  'server-list': { entity: 'servers', collections: ['instances'] },
  'volumes-list': { entity: 'volumes', collections: ['disks'] },
  'snapshot-list': { entity: 'snapshots', collections: ['snapshots'] },
  'images-list': { entity: 'images', collections: ['images'] },
  'network-list': { entity: 'networks', collections: ['networks', 'subnetworks', 'routes', 'firewalls'] },
  'loadbalance-list': { entity: 'applications', collections: ['forwardingRules', 'backendServices'] },
  'storage-object-list': { entity: 'applications', collections: ['buckets'] },
};

void describe('GCP crawls through Temporal', () => {
  let w: GcpTestWorld;
  let env: CrawlEnv;
  before(async () => {
    w = await startGcpTestWorld();
    env = await startCrawlEnv(
      testConfig('gcp', {
        GCP_ENDPOINT_URL: w.gcp.endpoint,
        MAESTRO_SCAN_QTD: '3',
        MAESTRO_TRANSLATE_QTD: '4',
      }),
    );
  });
  after(async () => {
    await env?.stop();
    await w?.gcp.close();
  });

  const connection = (extra: Record<string, unknown>) =>
    seedMaestroConnection(env.db, {
      provider: 'GCP',
      service: 'sa_gcp',
      regions: ['all'],
      dc: 'Acme GCP',
      secretJwt: env.config.secretJwt,
      credentials: { credentials: JSON.stringify(w.key), ...extra },
    });

  void test('every task of a project connection: all resources, ≥ 3 pages each, checksums stable', async () => {
    assert.deepEqual(Object.keys(GCP_TASKS).sort(), Object.keys(TASKS).sort());
    const id = await connection({ project: 'acme-prod' });
    for (const [task, { entity, collections }] of Object.entries(TASKS)) {
      const first = await env.crawl(id, task);
      assert.equal(first.status, 'completed', `${task}: ${JSON.stringify(first.scopes.map((s) => s.error))}`);
      const want = collections.reduce((n, c) => n + PROD_COUNTS[c], 0);
      assert.equal(first.totals.created, want, task);
      for (const s of first.scopes) assert.ok(s.pages >= 3, `${task} ${s.key}: ${s.pages} pages`);
      const docs = (await inventory(env.db, entity, id)).filter((d) =>
        task === 'storage-object-list'
          ? d.family === 'ObjectStorage'
          : task === 'loadbalance-list'
            ? d.family === 'Loadbalance'
            : true,
      );
      assert.equal(docs.length, want, task);
      assert.ok(docs.every((d) => d.active === true));
      const again = await env.crawl(id, task);
      assert.equal(again.status, 'completed');
      assert.equal(again.totals.unchanged, want, `${task}: a second crawl changes nothing`);
      assert.equal(again.totals.updated + again.totals.created + again.totals.deactivated, 0, task);
    }
    const servers = await inventory(env.db, 'servers', id);
    const web0 = servers.find((s) => s.name === 'web-1-0');
    assert.equal(web0?.cpu, 4);
    assert.equal(web0?.memory, 16);
    assert.equal(web0?.crawl_scope, 'compute.instances@global');
    assert.deepEqual(w.gcp.fake.violations, []);
  });

  void test('organization: denied project → unauthorized, Compute disabled → skipped, run partial, nothing deactivated there; a deleted instance deactivated exactly', async () => {
    const [prod, denied, nocompute] = w.gcp.world.projects;
    assert.ok(prod && denied && nocompute);
    // First crawl: every project readable, nocompute with two instances of its own.
    denied.denied = false;
    nocompute.computeDisabled = false;
    nocompute.resources.instances = makeResources(nocompute, 'instances', 2);
    // The project test's connection (another tenant) holds acme-prod's instances: this crawl would
    // count them as conflicts (docs/maestro.md). This test is about the organization's scopes: start empty.
    await env.db.collection('servers').deleteMany({});
    const id = await connection({ parent: ORG });
    const first = await env.crawl(id, 'server-list');
    assert.equal(first.status, 'completed');
    assert.deepEqual(first.scopes.map((s) => s.key).sort(), [
      'compute.instances@acme-denied/global',
      'compute.instances@acme-nocompute/global',
      'compute.instances@acme-prod/global',
    ]);
    assert.equal(first.totals.created, PROD_COUNTS.instances + 3 + 2);

    // Then: the key loses acme-denied, Compute is disabled in acme-nocompute, one prod instance is deleted.
    denied.denied = true;
    nocompute.computeDisabled = true;
    const gone = prod.resources.instances.splice(4, 1)[0] as { id: string };
    const second = await env.crawl(id, 'server-list');
    assert.equal(second.status, 'partial');
    const byKey = Object.fromEntries(second.scopes.map((s) => [s.key, s]));
    assert.equal(byKey['compute.instances@acme-prod/global']?.status, 'completed');
    assert.equal(byKey['compute.instances@acme-denied/global']?.status, 'unauthorized');
    assert.equal(byKey['compute.instances@acme-nocompute/global']?.status, 'skipped');
    assert.match(byKey['compute.instances@acme-nocompute/global']?.error?.message ?? '', /SERVICE_DISABLED/);
    assert.equal(second.totals.deactivated, 1);

    const docs = await inventory(env.db, 'servers', id);
    const inactive = docs.filter((d) => !d.active).map((d) => d.unique_id);
    assert.deepEqual(inactive, [gone.id]);
    const project = (d: Record<string, unknown>) => (d.datacenters as { project?: string }).project;
    assert.equal(docs.filter((d) => project(d) === 'acme-denied' && d.active).length, 3);
    assert.equal(docs.filter((d) => project(d) === 'acme-nocompute' && d.active).length, 2);
    const changes = await changesOf(env.db, second.runId);
    assert.deepEqual(
      changes.filter((c) => c.kind === 'deactivated').map((c) => c.unique_id),
      [gone.id],
    );
    denied.denied = true;
  });
});
