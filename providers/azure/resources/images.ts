import type { MappingContext, NormalizedRecord } from '../../../core/model.js';
import { azureFields, azureRecord, azureUniqueId, type Json } from '../records.js';

/**
 * Managed images → `images` (spec §6.6 "Images": as disks, most disk fields absent). The OS disk gives
 * `os_type`, `os_state` and `size`; `storage` lists the OS and data disks with the `unique_id`s of the
 * managed disks and snapshots they were made from.
 */
export const IMAGE_FIELDS = azureFields('os_type', 'os_state', 'size', 'storage', 'hyper_v_generation');

function imageDisk(d: Json | undefined): Json | undefined {
  if (!d) return undefined;
  return {
    lun: d.lun,
    os_type: d.osType,
    size: d.diskSizeGB,
    storage_account_type: d.storageAccountType,
    blob_uri: d.blobUri,
    volume_id: azureUniqueId((d.managedDisk as Json | undefined)?.id),
    snapshot_id: azureUniqueId((d.snapshot as Json | undefined)?.id),
  };
}

export function normalizeImage(raw: unknown, ctx: MappingContext): NormalizedRecord[] {
  const img = raw as Json;
  const profile = (img.storageProfile ?? {}) as Json;
  const os = profile.osDisk as Json | undefined;
  const data = (profile.dataDisks ?? []) as Json[];
  return azureRecord(ctx, img, {
    os_type: os?.osType,
    os_state: os?.osState,
    size: os?.diskSizeGB,
    storage: [imageDisk(os), ...data.map(imageDisk)],
    hyper_v_generation: img.hyperVGeneration,
  });
}
