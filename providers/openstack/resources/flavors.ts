import type { MappingContext, NormalizedRecord } from '../../../core/model.js';
import { datacenter, fields, gib, num, PROVIDER_LABEL, record, str } from '../record.js';
import { COMPUTE_VERSION_FIELD } from './servers.js';

/**
 * Nova flavors (`GET /flavors/detail`) → `flavors` (spec §6.8 "Flavors"; no owner). Deliberate changes:
 * memory in GiB (`ram` MiB / 1024; the original divided by 1000); `active` is false for a disabled flavor
 * (`OS-FLV-DISABLED:disabled`; the original always wrote true); `datacenters._id` is `dc_id` (§12.5).
 */
export const FLAVOR_FIELDS = fields(
  'name',
  'api_name',
  'memory',
  'disk',
  'vcpus',
  'swap',
  'is_public',
  'ephemeral',
  'description',
  'service',
  'provider',
  'metas',
);

export function normalizeFlavor(raw: unknown, ctx: MappingContext): NormalizedRecord[] {
  const f = raw as Record<string, unknown>;
  const id = str(f.id);
  if (!id) return [];
  return [
    record(id, f['OS-FLV-DISABLED:disabled'] !== true, {
      name: str(f.name),
      api_name: str(f.name),
      memory: gib(f.ram),
      disk: num(f.disk),
      vcpus: num(f.vcpus),
      // "" before 2.75 means no swap.
      swap: num(f.swap) ?? (f.swap === '' ? 0 : undefined),
      is_public: f['os-flavor-access:is_public'],
      ephemeral: num(f['OS-FLV-EXT-DATA:ephemeral']),
      description: str(f.description),
      service: 'compute',
      provider: PROVIDER_LABEL,
      metas: { rxtx_factor: f.rxtx_factor, compute_api_version: f[COMPUTE_VERSION_FIELD] },
      datacenters: datacenter(ctx),
    }),
  ];
}
