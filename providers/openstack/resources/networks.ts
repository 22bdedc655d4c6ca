import type { MappingContext, NormalizedRecord } from '../../../core/model.js';
import { networkFields, networkRecord } from './network-record.js';

/** Neutron networks (`GET /v2.0/networks`) → `networks`, family `Network` (spec §6.8 "Networks"). */
export const NETWORK_FIELDS = networkFields(
  'subnet_ids',
  'mtu',
  'ipv4_address_scope_id',
  'ipv6_address_scope_id',
  'is_port_security_enabled',
  'is_vlan_transparent',
  'is_router_external',
  'is_shared',
  'is_admin_state_up',
);

export function normalizeNetwork(raw: unknown, ctx: MappingContext): NormalizedRecord[] {
  const n = raw as Record<string, unknown>;
  return networkRecord(
    raw,
    ctx,
    'Network',
    {
      subnet_ids: n.subnets,
      mtu: n.mtu,
      ipv4_address_scope_id: n.ipv4_address_scope,
      ipv6_address_scope_id: n.ipv6_address_scope,
      is_port_security_enabled: n.port_security_enabled,
      is_vlan_transparent: n.vlan_transparent,
      is_router_external: n['router:external'],
      is_shared: n.shared,
      is_admin_state_up: n.admin_state_up,
    },
    { zone: n.availability_zones },
  );
}
