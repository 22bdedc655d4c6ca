import type { MappingContext, NormalizedRecord } from '../../../core/model.js';
import { networkFields, networkRecord } from './network-record.js';

/**
 * Neutron security groups (`GET /v2.0/security-groups`) → `networks`, family `SecurityGroup` (spec §6.8).
 * `ip_permissions` are the rules without their per-rule bookkeeping (revision, timestamps, tenant), so
 * a revision bump alone does not rewrite the group. The spec's server-style `datacenters` for security
 * groups was a copy of the servers block with nothing to fill it: the common block is written.
 */
export const SECURITY_GROUP_FIELDS = networkFields('ip_permissions', 'is_stateful', 'is_shared');

const RULE_KEYS = [
  'id',
  'direction',
  'ethertype',
  'protocol',
  'port_range_min',
  'port_range_max',
  'remote_ip_prefix',
  'remote_group_id',
  'remote_address_group_id',
  'description',
] as const;

export function normalizeSecurityGroup(raw: unknown, ctx: MappingContext): NormalizedRecord[] {
  const g = raw as Record<string, unknown>;
  const rules = (g.security_group_rules ?? []) as Record<string, unknown>[];
  return networkRecord(raw, ctx, 'SecurityGroup', {
    ip_permissions: rules.map((r) => Object.fromEntries(RULE_KEYS.map((k) => [k, r[k]]))),
    is_stateful: g.stateful,
    is_shared: g.shared,
  });
}
