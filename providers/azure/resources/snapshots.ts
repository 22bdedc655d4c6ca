import type { MappingContext, NormalizedRecord } from '../../../core/model.js';
import { azureFields, azureRecord, azureUniqueId, parseArmId, type Json } from '../records.js';
import { diskBody } from './managed-disks.js';

/**
 * Snapshots → `snapshots` (spec §6.6 "Snapshots": as disks, plus `volume_id`). Fix: `volume_id` is the
 * `unique_id` of the source disk (`creationData.sourceResourceId`), the id its `volumes` record has; the
 * original hashed the snapshot's own id. Absent when the snapshot was imported from a blob.
 */
export const SNAPSHOT_FIELDS = azureFields(
  'created_at',
  'size',
  'type',
  'os_type',
  'encryption_settings',
  'encryption',
  'disk_iops_read_write',
  'disk_mbps_read_write',
  'volume_id',
  'incremental',
);

export function normalizeSnapshot(raw: unknown, ctx: MappingContext): NormalizedRecord[] {
  const s = raw as Json;
  const source = ((s.creationData ?? {}) as Json).sourceResourceId;
  const fromDisk = parseArmId(source)?.type.toLowerCase() === 'disks';
  return azureRecord(ctx, s, {
    ...diskBody(s),
    volume_id: fromDisk ? azureUniqueId(source) : undefined,
    incremental: s.incremental,
  });
}
