import type { MappingContext, NormalizedRecord } from '../../../core/model.js';
import { compact, lastSegment } from '../normalize-helpers.js';
import { APPLICATION_COMMON_FIELDS, gcpApplicationRecord } from './application-record.js';

interface GcpForwardingRule {
  id?: string;
  name?: string;
  description?: string;
  creationTimestamp?: string;
  region?: string;
  selfLink?: string;
  labels?: Record<string, string>;
  IPAddress?: string;
  IPProtocol?: string;
  portRange?: string;
  ports?: string[];
  allPorts?: boolean;
  target?: string;
  backendService?: string;
  network?: string;
  subnetwork?: string;
  loadBalancingScheme?: string;
  networkTier?: string;
  ipVersion?: string;
}

/** Provider label and family of GCP load balancers (the recipe labels of `loadbalance-list`). */
export const LB_LABELS = { provider: 'Load Balancing (GCP)', family: 'Loadbalance' } as const;

/**
 * Forwarding rules (regional and global, from the aggregated list) → `applications`, family
 * `Loadbalance`: a GCP load balancer's front end (its IP and ports). `unique_id` the numeric `id`
 * (never the name: §12.7 "LBs are keyed by name"). `role` is `{type: "forwarding-rule", endpoint,
 * protocol, port_range, ports, scheme, target, backend_service, network_tier, ip_version, network,
 * subnetwork}`.
 */
export const FORWARDING_RULE_FIELDS = [...APPLICATION_COMMON_FIELDS, 'role'] as const;

export function normalizeForwardingRule(raw: unknown, ctx: MappingContext): NormalizedRecord[] {
  const f = raw as GcpForwardingRule;
  if (!f.id) return [];
  return gcpApplicationRecord(LB_LABELS, f.id, f, ctx, {
    role: compact({
      type: 'forwarding-rule',
      endpoint: f.IPAddress,
      protocol: f.IPProtocol,
      port_range: f.portRange,
      ports: f.ports,
      all_ports: f.allPorts,
      scheme: f.loadBalancingScheme,
      target: lastSegment(f.target),
      backend_service: lastSegment(f.backendService),
      network_tier: f.networkTier,
      ip_version: f.ipVersion,
      network: lastSegment(f.network),
      subnetwork: lastSegment(f.subnetwork),
    }),
  });
}
