import type { MappingContext, NormalizedRecord } from '../../../core/model.js';
import { compact, lastSegment } from '../normalize-helpers.js';
import { APPLICATION_COMMON_FIELDS, gcpApplicationRecord } from './application-record.js';
import { LB_LABELS } from './forwarding-rules.js';

interface GcpBackendService {
  id?: string;
  name?: string;
  description?: string;
  creationTimestamp?: string;
  region?: string;
  selfLink?: string;
  labels?: Record<string, string>;
  protocol?: string;
  port?: number;
  portName?: string;
  timeoutSec?: number;
  sessionAffinity?: string;
  loadBalancingScheme?: string;
  backends?: Array<{ group?: string; balancingMode?: string; capacityScaler?: number }>;
  healthChecks?: string[];
  enableCDN?: boolean;
  network?: string;
  securityPolicy?: string;
}

/**
 * Backend services (regional and global, from the aggregated list) → `applications`, family
 * `Loadbalance`: a load balancer's back end. `unique_id` the numeric `id`; `role` is
 * `{type: "backend-service", protocol, port, port_name, timeout, session_affinity, scheme, backends
 * [{group, balancing_mode, capacity}], health_checks, cdn, security_policy}`.
 */
export const BACKEND_SERVICE_FIELDS = [...APPLICATION_COMMON_FIELDS, 'role'] as const;

export function normalizeBackendService(raw: unknown, ctx: MappingContext): NormalizedRecord[] {
  const b = raw as GcpBackendService;
  if (!b.id) return [];
  return gcpApplicationRecord(LB_LABELS, b.id, b, ctx, {
    role: compact({
      type: 'backend-service',
      protocol: b.protocol,
      port: b.port,
      port_name: b.portName,
      timeout: b.timeoutSec,
      session_affinity: b.sessionAffinity,
      scheme: b.loadBalancingScheme,
      backends: (b.backends ?? []).map((be) =>
        compact({
          group: lastSegment(be.group),
          balancing_mode: be.balancingMode,
          capacity: be.capacityScaler,
        }),
      ),
      health_checks: (b.healthChecks ?? []).map(lastSegment),
      cdn: b.enableCDN,
      network: lastSegment(b.network),
      security_policy: lastSegment(b.securityPolicy),
    }),
  });
}
