import type { MappingContext, NormalizedRecord } from '../../../core/model.js';
import { azureFields, azureRecord, azureUniqueId, tagValue, type Json } from '../records.js';

/**
 * What `listPage` joins onto each VM before it is staged (so `normalize` stays pure): the addresses of
 * its primary NIC (NICs and public IPs listed once per subscription, not one GET per VM) and its size
 * from the VM size catalogue. Lower-case, so it cannot collide with an ARM field.
 */
export const VM_JOIN_FIELD = 'discoveryJoin';

export interface VmJoin {
  ipv4Private?: string;
  ipv4Public?: string;
  cores?: number;
  memoryMB?: number;
}

/**
 * Virtual machines → `servers` (spec §6.6 "Servers", §3.1 `server-list`). Fixes of the original:
 * - §12.3: the key is `unique_id` (SHA-1 of subscription, resource group and name), never
 *   `ipv4_private`, which the original produced only in a hook after the lookup (every insert failed);
 * - §12.3: `ipv4_private`/`ipv4_public` are resolved during listing from the subscription's NIC and
 *   public IP tables; a VM without a public IP has no `ipv4_public` (the original's hook crashed);
 * - `storage[].create_option` is the disk's `createOption` (the original copied the disk name);
 *   `storage[].unique_id` is the managed disk's `unique_id`, as its `volumes` record has it;
 * - `cpu`/`memory` from the VM size catalogue (cores; memory in GiB = memoryInMB / 1024, where the
 *   original's flavour lookup divided by 1000);
 * - `status`/`active` from `provisioningState` (see records.ts).
 */
export const VM_FIELDS = azureFields(
  'role',
  'os',
  'storage',
  'network_interface',
  'ipv4_private',
  'ipv4_public',
  'cpu',
  'memory',
  // `applications` is not owned: set by tag linking (spec §6.4) when the VM carries the tags.
);

function storageItem(disk: Json | undefined): Json | undefined {
  if (!disk) return undefined;
  const managed = disk.managedDisk as Json | undefined;
  return {
    size: disk.diskSizeGB,
    name: disk.name,
    unique_id: azureUniqueId(managed?.id),
    storage_account_type: managed?.storageAccountType,
    write_accelerator_enabled: disk.writeAcceleratorEnabled,
    vhd: disk.vhd,
    diff_disk_settings: disk.diffDiskSettings,
    create_option: disk.createOption,
    lun: disk.lun,
    status: 'Active',
  };
}

export function normalizeVirtualMachine(raw: unknown, ctx: MappingContext): NormalizedRecord[] {
  const vm = raw as Json;
  const join = (vm[VM_JOIN_FIELD] ?? {}) as VmJoin;
  const storageProfile = (vm.storageProfile ?? {}) as Json;
  const image = (storageProfile.imageReference ?? {}) as Json;
  const osDisk = storageProfile.osDisk as Json | undefined;
  const dataDisks = (storageProfile.dataDisks ?? []) as Json[];
  const nics = (((vm.networkProfile ?? {}) as Json).networkInterfaces ?? []) as Json[];
  return azureRecord(
    ctx,
    vm,
    {
      role: tagValue(vm.tags, 'role'),
      os: { base: osDisk?.osType, dist: image.offer, version: image.sku },
      storage: [...dataDisks.map(storageItem), storageItem(osDisk)],
      network_interface: nics.map((n) => ({ id: n.id, primary: n.primary })),
      ipv4_private: join.ipv4Private,
      ipv4_public: join.ipv4Public,
      cpu: join.cores,
      memory: join.memoryMB === undefined ? undefined : join.memoryMB / 1024,
    },
    {
      links: true,
      datacenter: {
        instance: (vm.hardwareProfile as Json | undefined)?.vmSize,
        instance_id: vm.vmId,
        license_type: vm.licenseType,
      },
    },
  );
}
