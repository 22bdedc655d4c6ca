// What the Terraform kinds share: the raw item (one managed resource instance, see
// providers/files/formats.ts) and its `datacenters` block (spec §6.11 `fctDc`).
import type { MappingContext } from '../../../core/model.js';
import { baseDatacenter, isObject, type Json } from '../../files/record.js';
import type { TerraformInstance } from '../../files/formats.js';

export function asInstance(raw: unknown): TerraformInstance | undefined {
  if (!isObject(raw) || typeof raw.type !== 'string' || !isObject(raw.attributes)) return undefined;
  return raw as unknown as TerraformInstance;
}

export function terraformDatacenter(ctx: MappingContext, a: Json): Json {
  return {
    ...baseDatacenter(ctx),
    provider: ctx.provider,
    zone: a.availability_zone,
    instance: a.instance_type,
    instance_id: a.id,
    vpc_security_group_ids: a.vpc_security_group_ids,
    subnet_id: a.subnet_id,
    arn: a.arn,
    image_id: a.ami,
  };
}

/** An instance's block devices: `ebs_block_device` then `root_block_device` (the recipe's order). */
export function blockDevices(a: Json): Json[] {
  const list = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isObject) : []);
  return [...list(a.ebs_block_device), ...list(a.root_block_device)];
}
