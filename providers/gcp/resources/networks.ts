import type { MappingContext, NormalizedRecord } from '../../../core/model.js';
import { compact, lastSegment } from '../normalize-helpers.js';
import { gcpNetworkRecord, NETWORK_COMMON_FIELDS } from './network-record.js';

interface GcpNetwork {
  id?: string;
  IPv4Range?: string;
  gatewayIPv4?: string;
  autoCreateSubnetworks?: boolean;
  subnetworks?: string[];
  peerings?: Array<{ name?: string; network?: string; state?: string }>;
  routingConfig?: { routingMode?: string };
  mtu?: number;
}

/**
 * VPC networks (global) → `networks`, family `Vpc`. `cidr_block` is only set on legacy networks
 * (`IPv4Range`); `subnets` are the subnetwork names, `peerings` `{name, network, state}`.
 */
export const NETWORK_FIELDS = [
  ...NETWORK_COMMON_FIELDS,
  'cidr_block',
  'gateway_ip',
  'auto_create_subnetworks',
  'subnets',
  'peerings',
  'routing_mode',
  'mtu',
] as const;

export function normalizeNetwork(raw: unknown, ctx: MappingContext): NormalizedRecord[] {
  const n = raw as GcpNetwork;
  return gcpNetworkRecord('Vpc', n, ctx, {
    cidr_block: n.IPv4Range,
    gateway_ip: n.gatewayIPv4,
    auto_create_subnetworks: n.autoCreateSubnetworks,
    subnets: (n.subnetworks ?? []).map(lastSegment),
    peerings: (n.peerings ?? []).map((p) =>
      compact({ name: p.name, network: lastSegment(p.network), state: p.state }),
    ),
    routing_mode: n.routingConfig?.routingMode,
    mtu: n.mtu,
  });
}
