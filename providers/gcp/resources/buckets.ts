import type { MappingContext, NormalizedRecord } from '../../../core/model.js';
import { compact, toDate } from '../normalize-helpers.js';
import { APPLICATION_COMMON_FIELDS, gcpApplicationRecord } from './application-record.js';

interface GcsBucket {
  id?: string;
  name?: string;
  timeCreated?: string;
  updated?: string;
  location?: string;
  locationType?: string;
  storageClass?: string;
  projectNumber?: string;
  versioning?: { enabled?: boolean };
  labels?: Record<string, string>;
  iamConfiguration?: {
    uniformBucketLevelAccess?: { enabled?: boolean };
    publicAccessPrevention?: string;
  };
  encryption?: { defaultKmsKeyName?: string };
  retentionPolicy?: { retentionPeriod?: string };
}

/** Recipe labels of `storage-object-list` (S3's are `S3 (AWS)` / ObjectStorage). */
export const BUCKET_LABELS = { provider: 'Cloud Storage (GCP)', family: 'ObjectStorage' } as const;

/**
 * Cloud Storage buckets of the project → `applications`, family `ObjectStorage` (spec §6.5 "s3
 * list_buckets", written for GCP). Buckets have no numeric id: `unique_id` is the bucket `id`, its
 * globally unique name. `created_at` from `timeCreated`; `datacenters.region` is the bucket location
 * lower-cased (`us`, `europe-west1`); `role` `{location, location_type, storage_class, versioning,
 * uniform_access, public_access_prevention, kms_key, retention_seconds}`. Listed once per project (a
 * global scope), never per region (§12.7 "global services rewritten per region").
 */
export const BUCKET_FIELDS = [...APPLICATION_COMMON_FIELDS, 'role'] as const;

export function normalizeBucket(raw: unknown, ctx: MappingContext): NormalizedRecord[] {
  const b = raw as GcsBucket;
  const id = b.id ?? b.name;
  if (!id) return [];
  return gcpApplicationRecord(
    BUCKET_LABELS,
    id,
    { name: b.name, labels: b.labels },
    ctx,
    {
      created_at: toDate(b.timeCreated),
      role: compact({
        location: b.location,
        location_type: b.locationType,
        storage_class: b.storageClass,
        versioning: b.versioning?.enabled,
        uniform_access: b.iamConfiguration?.uniformBucketLevelAccess?.enabled,
        public_access_prevention: b.iamConfiguration?.publicAccessPrevention,
        kms_key: b.encryption?.defaultKmsKeyName,
        retention_seconds: b.retentionPolicy?.retentionPeriod
          ? Number(b.retentionPolicy.retentionPeriod)
          : undefined,
      }),
    },
    { region: b.location?.toLowerCase() },
  );
}
