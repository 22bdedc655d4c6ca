import type { MappingContext, NormalizedRecord } from '../../../core/model.js';
import { normalizeTemplate, templateFields, type TemplateKind } from './template.js';

/**
 * `flavors-import` → `flavors` (spec §6.9; the AWS instance-catalogue columns the spec abbreviates as
 * `intel_avx*`, `instance_storage*`, `ebs_optimized_*`, `*_on_demand_cost`, `*_reserved_cost` spelled
 * out as the original's file mapper names them). `unique_id`: the object's, else its `name`.
 */
export const FILE_FLAVORS: TemplateKind = {
  passThrough: [
    'name',
    'api_name',
    'provider',
    'memory',
    'vcpus',
    'gpus',
    'fpgas',
    'tags',
    'compute_units_ecu',
    'ecu_per_vcpu',
    'physical_processor',
    'clock_speed_ghz',
    'intel_avx',
    'intel_avx2',
    'intel_turbo',
    'instance_storage',
    'instance_storage_already_warmed_up',
    'instance_storage_ssd_trim_support',
    'arch',
    'network_performance',
    'ebs_optimized_max_bandwidth',
    'ebs_optimized_throughput',
    'ebs_optimized_max_16_k_iops',
    'ebs_optimized_surcharge',
    'max_ips',
    'enhanced_networking',
    'vpc_only',
    'ipv_6_support',
    'placement_group_support',
    'linux_virtualization',
    'linux_on_demand_cost',
    'linux_reserved_cost',
    'rhel_on_demand_cost',
    'rhel_reserved_cost',
    'sles_on_demand_cost',
    'sles_reserved_cost',
    'windows_on_demand_cost',
    'windows_reserved_cost',
    'windows_sql_web_on_demand_cost',
    'windows_sql_web_reserved_cost',
    'windows_sql_std_on_demand_cost',
    'windows_sql_std_reserved_cost',
    'windows_sql_ent_on_demand_cost',
    'windows_sql_ent_reserved_cost',
    'service',
    'is_public',
  ],
  idFrom: ['unique_id', 'name'],
};
export const FILE_FLAVOR_FIELDS = templateFields(FILE_FLAVORS);

export function normalizeFileFlavor(raw: unknown, ctx: MappingContext): NormalizedRecord[] {
  return normalizeTemplate(FILE_FLAVORS, raw, ctx);
}
