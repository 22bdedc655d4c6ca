// Every Azure kind listed from the fake ARM server through the real SDKs, page by page (7 resources, 3
// per page: 3 pages), normalized and compared with golden documents: spec §6.6 with the §12 fixes.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { LINKS, type NormalizedRecord } from '../../core/model.js';
import { sha1 } from '../../core/canonical.js';
import { AZURE_TASKS } from '../../providers/azure/catalogue.js';
import { azureKinds } from '../../providers/azure/listing.js';
import { legacyAzureUniqueIds } from '../../providers/azure/records.js';
import type { FakeArm } from '../../tooling/fakes/azure/arm.js';
import {
  AZ_CREDENTIALS,
  AZ_CTX,
  AZ_SUB1,
  assertAzureGolden,
  clientsFor,
  listAll,
  startAzureFake,
} from '../harness/azure.js';

/** Golden file per command, and how many of its records it holds (the first ones listed). */
const GOLDEN: Record<string, { file: string; count: number }> = {
  'compute.virtualMachines.listAll': { file: 'virtual-machines', count: 4 },
  'compute.disks.list': { file: 'disks', count: 2 },
  'compute.snapshots.list': { file: 'snapshots', count: 2 },
  'compute.images.list': { file: 'images', count: 1 },
  'network.networkInterfaces.listAll': { file: 'network-interfaces', count: 2 },
  'network.publicIPAddresses.listAll': { file: 'public-ip-addresses', count: 2 },
  'network.routeTables.listAll': { file: 'route-tables', count: 2 },
  'network.virtualNetworks.listAll': { file: 'virtual-networks', count: 2 },
  'network.networkSecurityGroups.listAll': { file: 'network-security-groups', count: 1 },
  'network.loadBalancers.listAll': { file: 'load-balancers', count: 1 },
};

void describe('Azure kinds against the fake ARM server: paging and golden documents', () => {
  let fake: FakeArm;
  let kinds: ReturnType<typeof azureKinds>;
  const records = new Map<string, NormalizedRecord[]>();
  before(async () => {
    fake = await startAzureFake();
    kinds = azureKinds(clientsFor(fake));
  });
  after(() => fake.close());

  void test('every task command is a kind and every kind is in a task', () => {
    const commands = Object.values(AZURE_TASKS).flat();
    assert.deepEqual([...commands].sort(), Object.keys(kinds).sort());
    assert.deepEqual(Object.keys(GOLDEN).sort(), Object.keys(kinds).sort());
  });

  for (const [command, golden] of Object.entries(GOLDEN)) {
    void test(`${command}: 3 pages through nextLink, golden ${golden.file}.json`, async () => {
      const kind = kinds[command]!;
      const { items, pages, tokens } = await listAll(kind, AZ_CREDENTIALS, AZ_SUB1);
      assert.equal(pages, 3);
      assert.equal(items.length, 7);
      for (const t of tokens) assert.ok(t.startsWith(`${fake.url}/subscriptions/${AZ_SUB1}/`), t);
      const out = items.flatMap((i) => kind.normalize(i, AZ_CTX));
      assert.equal(out.length, 7);
      assert.equal(new Set(out.map((r) => r.unique_id)).size, 7, 'unique_ids are unique');
      records.set(command, out);
      assertAzureGolden(golden.file, out.slice(0, golden.count));
    });
  }

  void test('what the fake served matches the vendor examples (no violations)', () => {
    assert.deepEqual(fake.server.violations, []);
  });

  void test('server-list: NICs, public IPs and sizes are listed once per listing, not per VM', () => {
    const vmSizeCalls = fake.server.requests.filter((r) => r.route === 'vmSizes');
    const nicCalls = fake.server.requests.filter((r) => r.route === 'networkInterfaces');
    // One VM listing: 3 NIC pages for the join; the network-interfaces kind's own listing: 3 more.
    assert.equal(nicCalls.length, 6);
    assert.ok(vmSizeCalls.length <= 2, `vmSizes called ${vmSizeCalls.length} times`);
    assert.equal(fake.server.requests.filter((r) => r.route === 'get').length, 0, 'no GET per VM');
  });

  void test('a VM without a public IP has ipv4_private and no ipv4_public (the original crashed)', () => {
    const vms = records.get('compute.virtualMachines.listAll')!;
    const vm1 = vms.find((r) => r.name === 'vm-1-1')!;
    assert.equal(vm1.ipv4_private, '10.1.0.5');
    assert.equal('ipv4_public' in vm1, false);
    const vm0 = vms.find((r) => r.name === 'vm-1-0')!;
    assert.equal(vm0.ipv4_public, '20.1.0.10');
    assert.deepEqual(vm0[LINKS], {
      applicationNames: ['shop', 'billing'],
      applicationIds: ['5f0c0c0c0c0c0c0c0c0c0c0c'],
    });
  });

  void test('unique_id: SHA-1 of subscription_resourceGroup_name, lower-cased; the original id kept as legacy', () => {
    const vms = records.get('compute.virtualMachines.listAll')!;
    const vm0 = vms.find((r) => r.name === 'vm-1-0')!;
    assert.equal(vm0.unique_id, sha1(`${AZ_SUB1}_rg-discovery_vm-1-0`));
    assert.deepEqual(legacyAzureUniqueIds(vm0.arm_id), [], 'lower-case ids: the original computed the same');
    const vm2 = vms.find((r) => r.name === 'vm-1-2')!;
    assert.match(String(vm2.arm_id), /resourceGroups\/RG-DISCOVERY\//);
    assert.equal(vm2.unique_id, sha1(`${AZ_SUB1}_rg-discovery_vm-1-2`));
    assert.deepEqual(legacyAzureUniqueIds(vm2.arm_id), [sha1(`${AZ_SUB1}_RG-DISCOVERY_vm-1-2`)]);
    // The NIC's reference to VM 2 (lower-case group) and the VM's own id give the same unique_id.
    const nic2 = records.get('network.networkInterfaces.listAll')!.find((r) => r.name === 'nic-1-2')!;
    assert.equal(nic2.virtual_machine_id, vm2.unique_id);
    // A VM's storage points at its managed disk's volumes record.
    const disk2 = records.get('compute.disks.list')!.find((r) => r.name === 'disk-1-2')!;
    assert.ok((vm2.storage as Array<{ unique_id?: string }>).some((s) => s.unique_id === disk2.unique_id));
  });

  void test('no record stores null, undefined or an empty value', () => {
    const bad: string[] = [];
    const walk = (v: unknown, path: string): void => {
      if (v === null || v === undefined || v === '') bad.push(path);
      else if (Array.isArray(v)) {
        if (v.length === 0) bad.push(path);
        v.forEach((x, i) => walk(x, `${path}[${i}]`));
      } else if (typeof v === 'object' && !(v instanceof Date)) {
        if (Object.keys(v).length === 0) bad.push(path);
        for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`);
      }
    };
    for (const [command, list] of records) list.forEach((r, i) => walk(r, `${command}[${i}]`));
    assert.deepEqual(bad, []);
  });

  void test("every record writes only its kind's declared fields", () => {
    for (const [command, list] of records) {
      const fields = new Set(kinds[command]!.fields);
      for (const r of list)
        for (const k of Object.keys(r)) assert.ok(fields.has(k), `${command}: undeclared field ${k}`);
    }
  });
});
