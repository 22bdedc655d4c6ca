import type { MappingContext, NormalizedRecord } from '../../../core/model.js';
import { networkFields, networkRecord } from './network-record.js';

/** Neutron ports (`GET /v2.0/ports`) → `networks`, family `Ports` (spec §6.8 "Ports"). */
export const PORT_FIELDS = networkFields(
  'network_id',
  'mac_address',
  'fixed_ips',
  'subnet_ids',
  'device_id',
  'device_owner',
  'security_group_ids',
  'is_port_security_enabled',
);

export function normalizePort(raw: unknown, ctx: MappingContext): NormalizedRecord[] {
  const p = raw as Record<string, unknown>;
  const fixed = (p.fixed_ips ?? []) as { subnet_id?: string; ip_address?: string }[];
  return networkRecord(raw, ctx, 'Ports', {
    network_id: p.network_id,
    mac_address: p.mac_address,
    fixed_ips: fixed,
    subnet_ids: [...new Set(fixed.map((f) => f.subnet_id))],
    device_id: p.device_id,
    device_owner: p.device_owner,
    security_group_ids: p.security_groups,
    is_port_security_enabled: p.port_security_enabled,
  });
}
