import type { MappingContext, NormalizedRecord } from '../../../core/model.js';
import { compact, lastSegment } from '../normalize-helpers.js';
import { gcpNetworkRecord, NETWORK_COMMON_FIELDS } from './network-record.js';

interface Rule {
  IPProtocol?: string;
  ports?: string[];
}

interface GcpFirewall {
  id?: string;
  network?: string;
  priority?: number;
  direction?: string;
  allowed?: Rule[];
  denied?: Rule[];
  sourceRanges?: string[];
  destinationRanges?: string[];
  sourceTags?: string[];
  targetTags?: string[];
  sourceServiceAccounts?: string[];
  targetServiceAccounts?: string[];
  disabled?: boolean;
}

/**
 * VPC firewall rules (global) → `networks`, family `Firewall` (DigitalOcean's family for the same
 * thing). `ip_permissions` are the `allowed` rules (as AWS security groups), `ip_denied` the `denied`
 * ones, each `{protocol, ports}`. A disabled rule still exists: status Disabled, active.
 */
export const FIREWALL_FIELDS = [
  ...NETWORK_COMMON_FIELDS,
  'vpc_id',
  'direction',
  'priority',
  'ip_permissions',
  'ip_denied',
  'source_ranges',
  'destination_ranges',
  'source_tags',
  'target_tags',
  'source_service_accounts',
  'target_service_accounts',
  'disabled',
] as const;

/** `{IPProtocol, ports}` → `{protocol, ports}`. */
function rule(r: Rule): Record<string, unknown> {
  return compact({ protocol: r.IPProtocol, ports: r.ports });
}

export function normalizeFirewall(raw: unknown, ctx: MappingContext): NormalizedRecord[] {
  const f = raw as GcpFirewall;
  return gcpNetworkRecord(
    'Firewall',
    f,
    ctx,
    {
      vpc_id: lastSegment(f.network),
      direction: f.direction,
      priority: f.priority,
      ip_permissions: (f.allowed ?? []).map(rule),
      ip_denied: (f.denied ?? []).map(rule),
      source_ranges: f.sourceRanges,
      destination_ranges: f.destinationRanges,
      source_tags: f.sourceTags,
      target_tags: f.targetTags,
      source_service_accounts: f.sourceServiceAccounts,
      target_service_accounts: f.targetServiceAccounts,
      disabled: f.disabled,
    },
    { status: f.disabled === true ? 'Disabled' : 'Active' },
  );
}
