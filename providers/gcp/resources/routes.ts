import type { MappingContext, NormalizedRecord } from '../../../core/model.js';
import { lastSegment } from '../normalize-helpers.js';
import { gcpNetworkRecord, NETWORK_COMMON_FIELDS } from './network-record.js';

interface GcpRoute {
  id?: string;
  network?: string;
  destRange?: string;
  priority?: number;
  tags?: string[];
  routeType?: string;
  nextHopGateway?: string;
  nextHopInstance?: string;
  nextHopIp?: string;
  nextHopNetwork?: string;
  nextHopPeering?: string;
  nextHopVpnTunnel?: string;
  nextHopIlb?: string;
  nextHopHub?: string;
}

/**
 * Routes (global) → `networks`, family `Route`: GCP has no route tables, each route is one record.
 * `next_hop` is the name (or IP) of whichever next hop is set, `next_hop_type` which one it is.
 */
export const ROUTE_FIELDS = [
  ...NETWORK_COMMON_FIELDS,
  'vpc_id',
  'destination',
  'priority',
  'next_hop',
  'next_hop_type',
  'network_tags',
  'route_type',
] as const;

const HOPS = [
  ['nextHopGateway', 'gateway'],
  ['nextHopInstance', 'instance'],
  ['nextHopIp', 'ip'],
  ['nextHopNetwork', 'network'],
  ['nextHopPeering', 'peering'],
  ['nextHopVpnTunnel', 'vpn_tunnel'],
  ['nextHopIlb', 'ilb'],
  ['nextHopHub', 'hub'],
] as const;

export function normalizeRoute(raw: unknown, ctx: MappingContext): NormalizedRecord[] {
  const r = raw as GcpRoute;
  const hop = HOPS.find(([field]) => r[field]);
  const hopValue = hop ? r[hop[0]] : undefined;
  return gcpNetworkRecord('Route', r, ctx, {
    vpc_id: lastSegment(r.network),
    destination: r.destRange,
    priority: r.priority,
    next_hop: hop?.[0] === 'nextHopIp' || hop?.[0] === 'nextHopPeering' ? hopValue : lastSegment(hopValue),
    next_hop_type: hop?.[1],
    network_tags: r.tags,
    route_type: r.routeType,
  });
}
