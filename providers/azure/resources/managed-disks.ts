import type { MappingContext, NormalizedRecord } from '../../../core/model.js';
import { azureFields, azureRecord, toDate, type Json } from '../records.js';

/**
 * Managed disks → `volumes` (spec §6.6 "Disks", §3.1 `volumes-list`). `type` is the disk SKU
 * (`Premium_LRS`, as AWS volumes carry their volume type); the original wrote the ARM type there, which
 * is `datacenters.resource`. Encryption settings are stored as plain JSON (the original's SDK objects
 * were not serializable, §6.6 [BUG]).
 */
export const DISK_FIELDS = azureFields(
  'created_at',
  'size',
  'type',
  'os_type',
  'managed_by',
  'disk_state',
  'encryption_settings',
  'encryption',
  'disk_iops_read_write',
  'disk_mbps_read_write',
);

export function diskBody(d: Json): Json {
  return {
    created_at: toDate(d.timeCreated),
    size: d.diskSizeGB,
    type: (d.sku as Json | undefined)?.name,
    os_type: d.osType,
    encryption_settings: d.encryptionSettingsCollection,
    encryption: d.encryption,
    disk_iops_read_write: d.diskIopsReadWrite ?? d.diskIOPSReadWrite,
    disk_mbps_read_write: d.diskMBpsReadWrite,
  };
}

export function normalizeDisk(raw: unknown, ctx: MappingContext): NormalizedRecord[] {
  const d = raw as Json;
  return azureRecord(ctx, d, { ...diskBody(d), managed_by: d.managedBy, disk_state: d.diskState });
}
