import type { MappingContext, NormalizedRecord } from '../../../core/model.js';
import { capitalize, datacenter, fields, record, str, toDate } from '../record.js';

export const LOAD_BALANCER_LABEL = { provider: 'OpenStack (HaProxy)', family: 'Loadbalance' } as const;

/**
 * Octavia load balancers (`GET /v2/lbaas/loadbalancers`) → `applications`, provider `OpenStack (HaProxy)`,
 * family `Loadbalance`, `own: 1` (spec §6.8, §3.1). `unique_id` is the Octavia id (§12.7: not the name).
 * Added: `role` (VIP, provider, listener and pool ids), `status` (provisioning status) and `active`
 * (false when DELETED or ERROR); `datacenters._id` is `dc_id` (§12.5), `zone` the LB's availability zone.
 */
export const LOAD_BALANCER_FIELDS = fields(
  'name',
  'description',
  'role',
  'status',
  'created_at',
  'updated_at',
  'provider',
  'family',
  'own',
);

const INACTIVE = new Set(['DELETED', 'ERROR']);
const ids = (list: unknown): unknown[] => ((list ?? []) as { id?: string }[]).map((x) => x.id);

export function normalizeLoadBalancer(raw: unknown, ctx: MappingContext): NormalizedRecord[] {
  const lb = raw as Record<string, unknown>;
  const id = str(lb.id);
  if (!id) return [];
  const state = str(lb.provisioning_status)?.toUpperCase() ?? '';
  return [
    record(id, !INACTIVE.has(state), {
      name: str(lb.name),
      description: str(lb.description),
      role: {
        vip_address: lb.vip_address,
        vip_port_id: lb.vip_port_id,
        vip_subnet_id: lb.vip_subnet_id,
        vip_network_id: lb.vip_network_id,
        provider: lb.provider,
        flavor_id: lb.flavor_id,
        operating_status: lb.operating_status,
        admin_state_up: lb.admin_state_up,
        listeners: ids(lb.listeners),
        pools: ids(lb.pools),
      },
      status: capitalize(state),
      created_at: toDate(lb.created_at),
      updated_at: toDate(lb.updated_at),
      provider: LOAD_BALANCER_LABEL.provider,
      family: LOAD_BALANCER_LABEL.family,
      own: 1,
      datacenters: datacenter(ctx, { zone: lb.availability_zone, project_id: lb.project_id }),
    }),
  ];
}
