// Every DigitalOcean task against the fake (the vendor's examples, seven resources per list, three
// pages at page size 3): golden documents, the §6.7 status rules, and nothing served off-spec.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DO_TASKS } from '../../providers/digitalocean/catalogue.js';
import { createDoRuntime } from '../../providers/digitalocean/runtime.js';
import { startDoFake, type DoFake } from '../../tooling/fakes/digitalocean/fake.js';
import { assertGolden, listAll } from './do-harness.js';

const GOLDEN: Record<string, string> = {
  'droplets.list': 'droplets',
  'volumes.list': 'volumes',
  'images.list': 'images',
  'snapshots.list': 'snapshots',
  'load_balancers.list': 'load-balancers',
  'cdn_endpoints.list': 'cdn-endpoints',
  'kubernetes_clusters.list': 'kubernetes-clusters',
  'firewalls.list': 'firewalls',
  'vpcs.list': 'vpcs',
  'reserved_ips.list': 'reserved-ips',
};

void describe('DigitalOcean tasks: golden documents', () => {
  let fake: DoFake;
  let provider: ReturnType<typeof createDoRuntime>;
  before(async () => {
    fake = await startDoFake();
    provider = createDoRuntime({ baseUrl: fake.url, timeoutMs: 10_000 });
  });
  after(() => fake.close());

  void test('every task of the original is there, network-list with VPCs and reserved IPs', () => {
    assert.deepEqual(Object.keys(DO_TASKS).sort(), [
      'cdns-list',
      'container-orchestration-list',
      'images-list',
      'loadbalance-list',
      'network-list',
      'server-list',
      'snapshot-list',
      'volumes-list',
    ]);
    const commands = Object.values(DO_TASKS).flat();
    assert.deepEqual(commands.sort(), Object.keys(GOLDEN).sort());
    for (const c of commands) assert.ok(provider.resources[c], c);
  });

  for (const [command, golden] of Object.entries(GOLDEN)) {
    void test(`${command}: three pages, golden records, served on spec`, async () => {
      const kind = provider.resources[command];
      assert.ok(kind);
      const got = await listAll(kind, { token: fake.token }, { pageSize: 3 });
      assert.ok(got.pages >= 3, `${command}: ${got.pages} pages`);
      assert.ok(got.pageSizes.every((n) => n <= 3));
      // images-list asks for private images only: the public example is not served.
      assert.equal(got.records.length, command === 'images.list' ? 8 : 7);
      assertGolden(golden, got.records);
      assert.deepEqual(fake.violations, []);
    });
  }

  void test('§6.7 status rules: active follows the provider state', async () => {
    const activeBy = async (command: string, state: (raw: Record<string, unknown>) => unknown) => {
      const kind = provider.resources[command];
      assert.ok(kind);
      const got = await listAll(kind, { token: fake.token }, { pageSize: 200 });
      const byId = new Map(got.records.map((r) => [r.unique_id, r.active]));
      const list = {
        'droplets.list': fake.table.droplets,
        'images.list': fake.table.images,
        'load_balancers.list': fake.table.load_balancers,
        'kubernetes_clusters.list': fake.table.kubernetes_clusters,
        'firewalls.list': fake.table.firewalls,
      }[command];
      assert.ok(list);
      const pairs = new Map<string, Set<boolean>>();
      for (const raw of list) {
        const active = byId.get(String(raw.id));
        if (active === undefined) continue;
        const s = String(state(raw));
        pairs.set(s, (pairs.get(s) ?? new Set()).add(active));
      }
      return Object.fromEntries([...pairs].map(([s, v]) => [s, [...v]]));
    };
    assert.deepEqual(await activeBy('droplets.list', (d) => d.status), {
      active: [true],
      off: [false],
      new: [true],
      archive: [false],
    });
    assert.deepEqual(await activeBy('images.list', (d) => d.status), {
      available: [true],
      pending: [true],
      deleted: [false],
      NEW: [true],
      retired: [false],
    });
    assert.deepEqual(await activeBy('load_balancers.list', (d) => d.status), {
      active: [true],
      new: [true],
      errored: [false],
    });
    assert.deepEqual(
      await activeBy('kubernetes_clusters.list', (d) => (d.status as { state: string }).state),
      { running: [true], provisioning: [true], error: [false], degraded: [true], deleting: [false] },
    );
    assert.deepEqual(await activeBy('firewalls.list', (d) => d.status), {
      succeeded: [true],
      waiting: [true],
      failed: [false],
    });
  });
});
