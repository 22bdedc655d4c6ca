import type { MappingContext, NormalizedRecord } from '../../../core/model.js';
import {
  compact,
  gcpDatacenter,
  labelTags,
  labelValue,
  lastSegment,
  toDate,
  toNumber,
} from '../normalize-helpers.js';

interface GcpDisk {
  id?: string;
  name?: string;
  description?: string;
  creationTimestamp?: string;
  sizeGb?: string;
  zone?: string;
  region?: string;
  status?: string;
  selfLink?: string;
  type?: string;
  labels?: Record<string, string>;
  users?: string[];
  sourceSnapshotId?: string;
  sourceImageId?: string;
  sourceDiskId?: string;
  provisionedIops?: string;
  provisionedThroughput?: string;
  diskEncryptionKey?: { kmsKeyName?: string };
  replicaZones?: string[];
  lastAttachTimestamp?: string;
  architecture?: string;
}

/**
 * Persistent disks (zonal and regional, from the aggregated list) → `volumes` (the AWS volumes model
 * of spec §6.5, written for GCP). `unique_id` is the numeric disk `id`. `status`: READY and attached →
 * Active, READY unattached → Available (EC2's in-use/available), CREATING/RESTORING → Active,
 * DELETING → Deleted, FAILED → Error; `active` false for DELETING and FAILED. Unlike the original's
 * AWS volumes, `created_at` is set (§12.5: it read a field that does not exist) and `tags` are kept.
 */
export const DISK_FIELDS = [
  'name',
  'unique_id',
  'description',
  'environment',
  'availability_zone',
  'attachments',
  'kms_key_id',
  'size',
  'snapshot_id',
  'image_id',
  'source_volume_id',
  'volume_type',
  'iops',
  'throughput',
  'tags',
  'status',
  'active',
  'created_at',
  'datacenters',
] as const;

const INACTIVE = new Set(['DELETING', 'FAILED']);

function diskStatus(d: GcpDisk): string | undefined {
  switch (d.status) {
    case 'READY':
      return (d.users ?? []).length > 0 ? 'Active' : 'Available';
    case 'CREATING':
    case 'RESTORING':
      return 'Active';
    case 'DELETING':
      return 'Deleted';
    case 'FAILED':
      return 'Error';
    default:
      return undefined;
  }
}

export function normalizeDisk(raw: unknown, ctx: MappingContext): NormalizedRecord[] {
  const d = raw as GcpDisk;
  if (!d.id) return [];
  const active = !INACTIVE.has(d.status ?? '');
  const record = compact({
    name: d.name,
    description: d.description,
    environment: labelValue(d.labels, 'environment'),
    availability_zone: lastSegment(d.zone) ?? (d.replicaZones ?? []).map(lastSegment).join(','),
    attachments: (d.users ?? []).map((u) => compact({ instance: lastSegment(u), url: u })),
    kms_key_id: d.diskEncryptionKey?.kmsKeyName,
    size: toNumber(d.sizeGb),
    snapshot_id: d.sourceSnapshotId,
    image_id: d.sourceImageId,
    source_volume_id: d.sourceDiskId,
    volume_type: lastSegment(d.type),
    iops: toNumber(d.provisionedIops),
    throughput: toNumber(d.provisionedThroughput),
    tags: labelTags(d.labels),
    status: diskStatus(d),
    created_at: toDate(d.creationTimestamp),
    datacenters: gcpDatacenter(ctx, d, { architecture: d.architecture }),
  });
  return [{ ...record, unique_id: d.id, active }];
}
