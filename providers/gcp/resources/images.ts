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

interface GcpImage {
  id?: string;
  name?: string;
  description?: string;
  creationTimestamp?: string;
  status?: string;
  family?: string;
  sourceType?: string;
  archiveSizeBytes?: string;
  diskSizeGb?: string;
  sourceDisk?: string;
  sourceDiskId?: string;
  sourceImageId?: string;
  sourceSnapshotId?: string;
  licenses?: string[];
  selfLink?: string;
  labels?: Record<string, string>;
  guestOsFeatures?: Array<{ type?: string }>;
  storageLocations?: string[];
  architecture?: string;
  deprecated?: { state?: string; replacement?: string };
}

/**
 * The project's own custom images (images.list on the project, not the public image projects) →
 * `images` (spec §6.5 "ec2 describe_images", written for GCP). `unique_id` is the numeric image `id`.
 * `status` capitalized (Ready, Pending, Deleting, Failed); `active` false for FAILED and DELETING and
 * for an image deprecated as DELETED (GCP's soft delete: it is still listed). The image family is
 * written as `image_family` (`family` is Maestro's application/network category).
 */
export const IMAGE_FIELDS = [
  'name',
  'unique_id',
  'description',
  'environment',
  'image_family',
  'image_type',
  'size',
  'archive_size',
  'volume_id',
  'source_image_id',
  'snapshot_id',
  'licenses',
  'guest_os_features',
  'storage_locations',
  'architecture',
  'deprecated',
  'tags',
  'status',
  'active',
  'created_at',
  'datacenters',
] as const;

const INACTIVE = new Set(['DELETING', 'FAILED']);

export function normalizeImage(raw: unknown, ctx: MappingContext): NormalizedRecord[] {
  const i = raw as GcpImage;
  if (!i.id) return [];
  const active = !INACTIVE.has(i.status ?? '') && i.deprecated?.state !== 'DELETED';
  const record = compact({
    name: i.name,
    description: i.description,
    environment: labelValue(i.labels, 'environment'),
    image_family: i.family,
    image_type: i.sourceType,
    size: toNumber(i.diskSizeGb),
    archive_size: toNumber(i.archiveSizeBytes),
    volume_id: i.sourceDiskId,
    source_image_id: i.sourceImageId,
    snapshot_id: i.sourceSnapshotId,
    licenses: (i.licenses ?? []).map(lastSegment),
    guest_os_features: (i.guestOsFeatures ?? []).flatMap((f) => (f.type ? [f.type] : [])),
    storage_locations: i.storageLocations,
    architecture: i.architecture,
    deprecated: i.deprecated?.state,
    tags: labelTags(i.labels),
    status: capitalize(i.status),
    created_at: toDate(i.creationTimestamp),
    datacenters: gcpDatacenter(ctx, i),
  });
  return [{ ...record, unique_id: i.id, active }];
}
