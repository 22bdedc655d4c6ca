import type { MappingContext, NormalizedRecord } from '../../../core/model.js';
import { compact, lastSegment } from '../normalize-helpers.js';
import { gcpNetworkRecord, NETWORK_COMMON_FIELDS } from './network-record.js';

interface GcpSubnetwork {
  id?: string;
  network?: string;
  ipCidrRange?: string;
  gatewayAddress?: string;
  secondaryIpRanges?: Array<{ rangeName?: string; ipCidrRange?: string }>;
  privateIpGoogleAccess?: boolean;
  purpose?: string;
  stackType?: string;
  ipv6CidrRange?: string;
  enableFlowLogs?: boolean;
  state?: string;
}

/**
 * Subnetworks (regional, from the aggregated list) → `networks`, family `Subnet` (AWS subnets'
 * `cidr_block`, `vpc_id` as the network's name, `secondary_ranges` `[{name, cidr_block}]`). `state` DRAINING → status Draining, still active.
 */
export const SUBNETWORK_FIELDS = [
  ...NETWORK_COMMON_FIELDS,
  'vpc_id',
  'cidr_block',
  'gateway_ip',
  'secondary_ranges',
  'private_google_access',
  'purpose',
  'stack_type',
  'ipv6_cidr_block',
  'flow_logs',
] as const;

export function normalizeSubnetwork(raw: unknown, ctx: MappingContext): NormalizedRecord[] {
  const s = raw as GcpSubnetwork;
  return gcpNetworkRecord(
    'Subnet',
    s,
    ctx,
    {
      vpc_id: lastSegment(s.network),
      cidr_block: s.ipCidrRange,
      gateway_ip: s.gatewayAddress,
      secondary_ranges: (s.secondaryIpRanges ?? []).map((r) =>
        compact({ name: r.rangeName, cidr_block: r.ipCidrRange }),
      ),
      private_google_access: s.privateIpGoogleAccess,
      purpose: s.purpose,
      stack_type: s.stackType,
      ipv6_cidr_block: s.ipv6CidrRange,
      flow_logs: s.enableFlowLogs,
    },
    { status: s.state === 'DRAINING' ? 'Draining' : 'Active' },
  );
}
