import type { MappingContext, NormalizedRecord } from '../../../core/model.js';
import {
  capitalize,
  compact,
  gcpDatacenter,
  labelTags,
  labelValue,
  lastSegment,
  toDate,
  toNumber,
} from '../normalize-helpers.js';

interface GcpSnapshot {
  id?: string;
  name?: string;
  description?: string;
  creationTimestamp?: string;
  status?: string;
  sourceDisk?: string;
  sourceDiskId?: string;
  diskSizeGb?: string;
  storageBytes?: string;
  selfLink?: string;
  labels?: Record<string, string>;
  storageLocations?: string[];
  autoCreated?: boolean;
  snapshotType?: string;
  snapshotEncryptionKey?: { kmsKeyName?: string };
}

/**
 * Disk snapshots of the project (global) → `snapshots` (spec §6.5 "ec2 describe_snapshots", written
 * for GCP). `unique_id` is the numeric snapshot `id`; `volume_id` the source disk's numeric id (which
 * is the volumes' `unique_id`); `size` in GiB; `status` capitalized (Ready, Creating, Uploading,
 * Deleting, Failed); `active` false for FAILED and DELETING. The original's `state_message` garbage
 * (§12.5) has no counterpart.
 */
export const SNAPSHOT_FIELDS = [
  'name',
  'unique_id',
  'description',
  'environment',
  'volume_id',
  'volume_name',
  'size',
  'storage_bytes',
  'storage_locations',
  'snapshot_type',
  'auto_created',
  'kms_key_id',
  'tags',
  'status',
  'active',
  'created_at',
  'datacenters',
] as const;

const INACTIVE = new Set(['DELETING', 'FAILED']);

export function normalizeSnapshot(raw: unknown, ctx: MappingContext): NormalizedRecord[] {
  const s = raw as GcpSnapshot;
  if (!s.id) return [];
  const record = compact({
    name: s.name,
    description: s.description,
    environment: labelValue(s.labels, 'environment'),
    volume_id: s.sourceDiskId,
    volume_name: lastSegment(s.sourceDisk),
    size: toNumber(s.diskSizeGb),
    storage_bytes: toNumber(s.storageBytes),
    storage_locations: s.storageLocations,
    snapshot_type: s.snapshotType,
    auto_created: s.autoCreated,
    kms_key_id: s.snapshotEncryptionKey?.kmsKeyName,
    tags: labelTags(s.labels),
    status: capitalize(s.status),
    created_at: toDate(s.creationTimestamp),
    datacenters: gcpDatacenter(ctx, s),
  });
  return [{ ...record, unique_id: s.id, active: !INACTIVE.has(s.status ?? '') }];
}
