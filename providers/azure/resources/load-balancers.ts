import type { MappingContext, NormalizedRecord } from '../../../core/model.js';
import { azureFields, azureRecord, type Json } from '../records.js';

/**
 * Load balancers → `applications` family Loadbalance (`loadbalance-list`, as AWS ELBs; not in the
 * original), provider `LB (Azure)`, `own: 1`. Frontends, pools, rules and probes keep their names and the
 * values that describe them; sub-resource ids are left out (they repeat the load balancer's id).
 */
export const LB_LABEL = { provider: 'LB (Azure)', family: 'Loadbalance' } as const;
export const LB_FIELDS = azureFields(
  'provider',
  'family',
  'own',
  'sku',
  'frontend_ip_configurations',
  'backend_address_pools',
  'load_balancing_rules',
  'probes',
  'inbound_nat_rules',
);

const name = (v: unknown): string | undefined => {
  const id = (v as Json | undefined)?.id;
  return typeof id === 'string' ? id.slice(id.lastIndexOf('/') + 1) : undefined;
};

export function normalizeLoadBalancer(raw: unknown, ctx: MappingContext): NormalizedRecord[] {
  const lb = raw as Json;
  const list = (v: unknown): Json[] => (v ?? []) as Json[];
  return azureRecord(
    ctx,
    lb,
    {
      provider: LB_LABEL.provider,
      family: LB_LABEL.family,
      own: 1,
      sku: (lb.sku as Json | undefined)?.name,
      frontend_ip_configurations: list(lb.frontendIPConfigurations).map((f) => ({
        name: f.name,
        private_ip_address: f.privateIPAddress,
        private_ip_allocation_method: f.privateIPAllocationMethod,
        public_ip_address_id: (f.publicIPAddress as Json | undefined)?.id,
        subnet_id: (f.subnet as Json | undefined)?.id,
        zones: f.zones,
      })),
      backend_address_pools: list(lb.backendAddressPools).map((p) => ({ name: p.name })),
      load_balancing_rules: list(lb.loadBalancingRules).map((r) => ({
        name: r.name,
        protocol: r.protocol,
        frontend_port: r.frontendPort,
        backend_port: r.backendPort,
        frontend_ip_configuration: name(r.frontendIPConfiguration),
        backend_address_pool: name(r.backendAddressPool),
        probe: name(r.probe),
        idle_timeout_in_minutes: r.idleTimeoutInMinutes,
        enable_floating_ip: r.enableFloatingIP,
        load_distribution: r.loadDistribution,
      })),
      probes: list(lb.probes).map((p) => ({
        name: p.name,
        protocol: p.protocol,
        port: p.port,
        request_path: p.requestPath,
        interval_in_seconds: p.intervalInSeconds,
        number_of_probes: p.numberOfProbes,
      })),
      inbound_nat_rules: list(lb.inboundNatRules).map((r) => ({
        name: r.name,
        protocol: r.protocol,
        frontend_port: r.frontendPort,
        backend_port: r.backendPort,
      })),
    },
    { links: true },
  );
}
