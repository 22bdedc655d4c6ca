import type { MappingContext, NormalizedRecord } from '../../../core/model.js';
import { networkFields, networkRecord } from './network-record.js';

/** Neutron subnets (`GET /v2.0/subnets`) → `networks`, family `Subnet` (spec §6.8 "Subnets"). */
export const SUBNET_FIELDS = networkFields(
  'network_id',
  'cidr_block',
  'ip_version',
  'gateway_ip',
  'allocation_pools',
  'dns_nameservers',
  'host_routes',
  'use_default_subnet_pool',
  'ipv6_address_mode',
  'ipv6_ra_mode',
  'is_dhcp_enabled',
  'subnetpool_id',
);

export function normalizeSubnet(raw: unknown, ctx: MappingContext): NormalizedRecord[] {
  const s = raw as Record<string, unknown>;
  return networkRecord(raw, ctx, 'Subnet', {
    network_id: s.network_id,
    cidr_block: s.cidr,
    ip_version: s.ip_version,
    gateway_ip: s.gateway_ip,
    allocation_pools: s.allocation_pools,
    dns_nameservers: s.dns_nameservers,
    host_routes: s.host_routes,
    use_default_subnet_pool: s.use_default_subnet_pool,
    ipv6_address_mode: s.ipv6_address_mode,
    ipv6_ra_mode: s.ipv6_ra_mode,
    is_dhcp_enabled: s.enable_dhcp,
    subnetpool_id: s.subnetpool_id,
  });
}
