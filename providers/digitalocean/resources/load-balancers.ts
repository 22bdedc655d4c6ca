import type { MappingContext, NormalizedRecord } from '../../../core/model.js';
import type { DoApi } from '../api.js';
import { appRecord, capitalize, dcBlock, idOf, toDate, type AppLabel } from '../records.js';
import { appKindFields, doKind } from './kind.js';

/**
 * Load balancers → `applications`, provider `LB (DigitalOcean)`, family `Loadbalance` (spec §6.7;
 * DO `GET /v2/load_balancers`): `role` holds the balancing setup, `status` capitalized, `active` false
 * when `errored`. `unique_id` is the LB's id, never its name (§12.7). `redirect_http_to_https: false`
 * is kept (§12.6).
 */
export const LB_LABEL: AppLabel = { provider: 'LB (DigitalOcean)', family: 'Loadbalance' };
export const LB_FIELDS = appKindFields('name', 'role', 'created_at', 'status');

export function normalizeLoadBalancer(raw: unknown, ctx: MappingContext): NormalizedRecord[] {
  const lb = raw as Record<string, unknown>;
  const id = idOf(lb.id);
  if (!id) return [];
  return [
    appRecord(LB_LABEL, id, lb.status !== 'errored', {
      name: lb.name,
      role: {
        ip: lb.ip,
        algorithm: lb.algorithm,
        forwarding_rules: lb.forwarding_rules,
        health_check: lb.health_check,
        sticky_sessions: lb.sticky_sessions,
        droplet_ids: lb.droplet_ids,
        redirect_http_to_https: lb.redirect_http_to_https,
      },
      created_at: toDate(lb.created_at),
      status: capitalize(lb.status),
      datacenters: dcBlock(ctx, lb),
    }),
  ];
}

export const loadBalancersKind = (api: DoApi) =>
  doKind(api, {
    command: 'load_balancers.list',
    path: '/v2/load_balancers',
    resultKey: 'load_balancers',
    fields: LB_FIELDS,
    normalize: normalizeLoadBalancer,
  });
