// The fake ARM server's data: Azure's published x-ms-examples (test/fixtures/azure/, MIT) multiplied
// into many resources per subscription with `variant`, cross-referenced the way a real subscription is
// (each VM's NIC exists, each NIC's public IP exists, one VM has none).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { variant } from '../kit.js';

const FIXTURES = join(import.meta.dirname, '../../../test/fixtures/azure');

/** The items of one vendor example file: `body.value` of a list, `[body]` of a single GET. */
export function exampleItems(file: string): Array<Record<string, unknown>> {
  const doc = JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as {
    responses: { '200': { body: { value?: Array<Record<string, unknown>> } } };
  };
  const body = doc.responses['200'].body;
  return body.value ?? [body];
}

/** One listable ARM resource type of the fake. */
export interface ArmKind {
  /** Route key and fault-matching name (`virtualMachines`). */
  key: string;
  namespace: 'Microsoft.Compute' | 'Microsoft.Network';
  /** ARM resource type segment, as in the id (`virtualMachines`). */
  type: string;
  /** Vendor example files whose items are the templates (and the validation reference). */
  examples: string[];
  /** Name prefix of the generated resources. */
  prefix: string;
}

export const ARM_KINDS: readonly ArmKind[] = [
  {
    key: 'virtualMachines',
    namespace: 'Microsoft.Compute',
    type: 'virtualMachines',
    examples: [
      'Microsoft.Compute/2025-11-01/VirtualMachine_ListBySubscription_ByLocation.json',
      'Microsoft.Compute/2025-11-01/VirtualMachine_ListAll_MinimumSet_Gen.json',
    ],
    prefix: 'vm',
  },
  {
    key: 'disks',
    namespace: 'Microsoft.Compute',
    type: 'disks',
    examples: ['Microsoft.Compute/2026-03-02/Disk_ListBySubscription.json'],
    prefix: 'disk',
  },
  {
    key: 'snapshots',
    namespace: 'Microsoft.Compute',
    type: 'snapshots',
    examples: ['Microsoft.Compute/2026-03-02/Snapshot_ListBySubscription.json'],
    prefix: 'snap',
  },
  {
    key: 'images',
    namespace: 'Microsoft.Compute',
    type: 'images',
    examples: ['Microsoft.Compute/2025-11-01/Image_ListBySubscription.json'],
    prefix: 'image',
  },
  {
    key: 'networkInterfaces',
    namespace: 'Microsoft.Network',
    type: 'networkInterfaces',
    examples: [
      'Microsoft.Network/2026-01-01/NetworkInterfaceListAll.json',
      'Microsoft.Network/2026-01-01/NetworkInterfaceGet.json',
    ],
    prefix: 'nic',
  },
  {
    key: 'publicIPAddresses',
    namespace: 'Microsoft.Network',
    type: 'publicIPAddresses',
    examples: [
      'Microsoft.Network/2026-01-01/PublicIpAddressListAll.json',
      'Microsoft.Network/2026-01-01/PublicIpAddressGet.json',
    ],
    prefix: 'pip',
  },
  {
    key: 'routeTables',
    namespace: 'Microsoft.Network',
    type: 'routeTables',
    examples: ['Microsoft.Network/2026-01-01/RouteTableListAll.json'],
    prefix: 'rt',
  },
  {
    key: 'virtualNetworks',
    namespace: 'Microsoft.Network',
    type: 'virtualNetworks',
    examples: ['Microsoft.Network/2026-01-01/VirtualNetworkListAll.json'],
    prefix: 'vnet',
  },
  {
    key: 'networkSecurityGroups',
    namespace: 'Microsoft.Network',
    type: 'networkSecurityGroups',
    examples: ['Microsoft.Network/2026-01-01/NetworkSecurityGroupListAll.json'],
    prefix: 'nsg',
  },
  {
    key: 'loadBalancers',
    namespace: 'Microsoft.Network',
    type: 'loadBalancers',
    examples: ['Microsoft.Network/2026-01-01/LoadBalancerListAll.json'],
    prefix: 'lb',
  },
];

/** The VM size catalogue (VirtualMachineSizes_List, the example with real cores and memory). */
export const VM_SIZES_EXAMPLE = 'Microsoft.Compute/2025-04-01/VirtualMachineSizes_List_MaximumSet_Gen.json';
export const SUBSCRIPTIONS_EXAMPLE = 'Microsoft.Resources/2022-12-01/GetSubscriptions.json';

/** The resource group of generated resources (VM ids carry it upper-cased, as ARM often returns them). */
export const RESOURCE_GROUP = 'rg-discovery';

export function armId(sub: string, rg: string, kind: ArmKind, name: string): string {
  return `/subscriptions/${sub}/resourceGroups/${rg}/providers/${kind.namespace}/${kind.type}/${name}`;
}

function kindOf(key: string): ArmKind {
  const k = ARM_KINDS.find((x) => x.key === key);
  if (!k) throw new Error(`unknown ARM kind ${key}`);
  return k;
}

/** Replaces the examples' placeholder subscription and resource group everywhere in a template. */
function localize<T>(template: T, sub: string): T {
  const text = JSON.stringify(template)
    .replaceAll('{subscriptionId}', sub)
    .replaceAll('{subscription-id}', sub)
    .replaceAll('00000000-0000-0000-0000-000000000000', sub)
    .replaceAll('{resourceGroupName}', RESOURCE_GROUP);
  return JSON.parse(text) as T;
}

type Json = Record<string, unknown>;
const props = (item: Json): Json => item.properties as Json;

/**
 * The resources of one subscription: `count` of each kind. Subscription `subIndex` numbers the IPs.
 * VM i uses NIC i; NIC i uses public IP i, except NIC 1 (VM 1 has no public IP, the original crashed on
 * it). VM 2's id carries the resource group upper-cased, as ARM returns some VM ids. Sizes cycle through
 * the catalogue's two sizes and one it does not list (no cpu/memory then).
 */
export function subscriptionResources(sub: string, subIndex: number, count: number): Map<string, Json[]> {
  const out = new Map<string, Json[]>();
  const make = (key: string, patch: (item: Json, i: number, name: string) => void): void => {
    const kind = kindOf(key);
    const templates = exampleItems(kind.examples[0]!).map((t) => localize(t, sub));
    const items = Array.from({ length: count }, (_, i) =>
      variant(
        templates[i % templates.length]!,
        (item, n) => {
          const name = `${kind.prefix}-${subIndex}-${n}`;
          item.name = name;
          item.id = armId(sub, RESOURCE_GROUP, kind, name);
          patch(item, n, name);
        },
        i,
      ),
    );
    out.set(key, items);
  };
  const nicId = (i: number): string =>
    armId(sub, RESOURCE_GROUP, kindOf('networkInterfaces'), `nic-${subIndex}-${i}`);
  const pipId = (i: number): string =>
    armId(sub, RESOURCE_GROUP, kindOf('publicIPAddresses'), `pip-${subIndex}-${i}`);
  const sizes = ['Standard_A1_V2', 'Standard_A2_V2', 'Standard_A0'];

  make('virtualMachines', (vm, i, name) => {
    if (i === 2) vm.id = armId(sub, RESOURCE_GROUP.toUpperCase(), kindOf('virtualMachines'), name);
    const p = props(vm);
    p.vmId = `0000${subIndex}000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    (p.hardwareProfile as Json).vmSize = sizes[i % sizes.length];
    (p.networkProfile as Json).networkInterfaces = [{ id: nicId(i) }];
    const osDisk = (p.storageProfile as Json).osDisk as Json;
    osDisk.name = `${name}-os`;
    osDisk.managedDisk = {
      id: armId(sub, RESOURCE_GROUP, kindOf('disks'), `disk-${subIndex}-${i}`),
      storageAccountType: 'Premium_LRS',
    };
    delete osDisk.vhd;
    if (i % 2 === 0) p.provisioningState = 'Succeeded';
    else p.provisioningState = i === 3 ? 'Failed' : 'Succeeded';
    vm.tags = {
      environment: i % 2 === 0 ? 'production' : 'staging',
      role: 'web',
      ...(i === 0 ? { applications: 'shop, billing', applications_id: '5f0c0c0c0c0c0c0c0c0c0c0c' } : {}),
    };
  });
  make('disks', (disk, i) => {
    props(disk).diskSizeGB = 32 + i;
    disk.location = 'westus';
  });
  make('snapshots', (snap, i) => {
    const creation = props(snap).creationData as Json;
    if (i % 2 === 0) {
      creation.createOption = 'Copy';
      creation.sourceResourceId = armId(sub, RESOURCE_GROUP, kindOf('disks'), `disk-${subIndex}-${i}`);
      delete creation.storageAccountId;
      delete creation.sourceUri;
    }
  });
  make('images', () => {});
  make('networkInterfaces', (nic, i) => {
    const p = props(nic);
    p.virtualMachine = { id: armId(sub, RESOURCE_GROUP, kindOf('virtualMachines'), `vm-${subIndex}-${i}`) };
    const ipc = (p.ipConfigurations as Json[])[0]!;
    ipc.id = `${nic.id as string}/ipConfigurations/ipconfig1`;
    const ipp = props(ipc);
    ipp.privateIPAddress = `10.${subIndex}.0.${i + 4}`;
    if (i === 1) delete ipp.publicIPAddress;
    else ipp.publicIPAddress = { id: pipId(i) };
  });
  make('publicIPAddresses', (pip, i) => {
    const p = props(pip);
    p.ipAddress = `20.${subIndex}.0.${i + 10}`;
    p.ipConfiguration = { id: `${nicId(i)}/ipConfigurations/ipconfig1` };
  });
  make('routeTables', () => {});
  make('virtualNetworks', () => {});
  make('networkSecurityGroups', () => {});
  make('loadBalancers', () => {});
  return out;
}

/** Every key path (`name`, `properties.vmId`) the vendor examples of a kind use: the validation reference. */
export function knownKeys(kind: ArmKind): Set<string> {
  const keys = new Set<string>();
  for (const file of kind.examples) {
    for (const item of exampleItems(file)) {
      for (const [k, v] of Object.entries(item)) {
        keys.add(k);
        if (k === 'properties' && v && typeof v === 'object')
          for (const pk of Object.keys(v)) keys.add(`properties.${pk}`);
      }
    }
  }
  return keys;
}
