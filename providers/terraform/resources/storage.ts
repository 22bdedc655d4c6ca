import type { MappingContext, NormalizedRecord } from '../../../core/model.js';
import { baseDatacenter, compactRecord, mapValue, num, str, tagList, type Json } from '../../files/record.js';
import { asInstance } from './instance.js';

/**
 * Terraform `aws_ebs_volume` → `volumes` (spec §6.11 "EBS volumes"). `unique_id` is the volume id.
 * `family: "TFEbs"`, the recipe's family (the original's mapper wrote `TerraformTracked` while the
 * recipe's deactivation query filtered on `TFEbs`, so nothing was ever deactivated, spec §12.5).
 * `datacenters` also carries the zone (the original's `fctDc` read `availability_zone` too).
 */
export const TERRAFORM_STORAGE_FIELDS = [
  'name',
  'unique_id',
  'size',
  'iops',
  'volume_type',
  'encrypted',
  'availability_zone',
  'kms_key_id',
  'snapshot_id',
  'tags',
  'family',
  'active',
  'datacenters',
] as const;

export function normalizeTerraformStorage(raw: unknown, ctx: MappingContext): NormalizedRecord[] {
  const inst = asInstance(raw);
  const a = inst?.attributes;
  const id = str(a?.id);
  if (!a || id === undefined) return [];
  const body: Json = {
    name: mapValue(a.tags, 'Name', 'name'),
    size: num(a.size),
    iops: num(a.iops),
    volume_type: a.type,
    encrypted: a.encrypted,
    availability_zone: a.availability_zone,
    kms_key_id: a.kms_key_id,
    snapshot_id: a.snapshot_id,
    tags: tagList(a.tags),
    family: 'TFEbs',
    datacenters: {
      ...baseDatacenter(ctx),
      provider: ctx.provider,
      zone: a.availability_zone,
      arn: a.arn,
    },
  };
  return [{ ...compactRecord(body), unique_id: id, active: true }];
}
