import type { MappingContext, NormalizedRecord } from '../../../core/model.js';
import { compactRecord, num, str, type Json } from '../../files/record.js';
import { asInstance, blockDevices, terraformDatacenter } from './instance.js';

/**
 * The block devices of Terraform `aws_instance`s → `volumes` (spec §6.11 "Volumes from instance block
 * devices", the recipe's `mapReduceOnList(ebs_block_device, root_block_device)`). `unique_id` is the
 * volume id; a device without one (not created yet) is left out. `name`: the `fallbackVolumeName`
 * hook (`name ?? unique_id`). `family: "TFInstance"`, the recipe's family, is now written on the
 * records (spec §12.5: the original never wrote it, so the deactivation query, filtered by family,
 * matched nothing). The `datacenters` block is the instance's, so the volume names its instance.
 */
export const TERRAFORM_VOLUME_FIELDS = [
  'name',
  'unique_id',
  'size',
  'iops',
  'volume_type',
  'encrypted',
  'delete_on_termination',
  'kms_key_id',
  'family',
  'active',
  'datacenters',
] as const;

export function normalizeTerraformVolumes(raw: unknown, ctx: MappingContext): NormalizedRecord[] {
  const inst = asInstance(raw);
  if (!inst) return [];
  const a = inst.attributes;
  const dc = terraformDatacenter(ctx, a);
  const out: NormalizedRecord[] = [];
  for (const d of blockDevices(a)) {
    const id = str(d.volume_id);
    if (id === undefined) continue;
    const body: Json = {
      name: str(d.tags && (d.tags as Json).Name) ?? id,
      size: num(d.volume_size),
      iops: num(d.iops),
      volume_type: d.volume_type,
      encrypted: d.encrypted,
      delete_on_termination: d.delete_on_termination,
      kms_key_id: d.kms_key_id,
      family: 'TFInstance',
      datacenters: dc,
    };
    out.push({ ...compactRecord(body), unique_id: id, active: true });
  }
  return out;
}
