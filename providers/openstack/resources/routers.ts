import type { MappingContext, NormalizedRecord } from '../../../core/model.js';
import { networkFields, networkRecord } from './network-record.js';

/**
 * Neutron routers (`GET /v2.0/routers`) → `networks`, family `RouteTable` (spec §6.8 "Routers"). The
 * original's `allow_list` was an SDK attribute with no API source: not written.
 */
export const ROUTER_FIELDS = networkFields(
  'routes',
  'flavor_id',
  'external_gateway_info',
  'availability_zone_hints',
  'is_distributed',
  'is_ha',
);

export function normalizeRouter(raw: unknown, ctx: MappingContext): NormalizedRecord[] {
  const r = raw as Record<string, unknown>;
  return networkRecord(
    raw,
    ctx,
    'RouteTable',
    {
      routes: r.routes,
      flavor_id: r.flavor_id,
      external_gateway_info: r.external_gateway_info,
      availability_zone_hints: r.availability_zone_hints,
      is_distributed: r.distributed,
      is_ha: r.ha,
    },
    { zone: r.availability_zones },
  );
}
