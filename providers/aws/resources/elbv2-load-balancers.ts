import {
  DescribeLoadBalancersCommand,
  ElasticLoadBalancingV2Client,
  type LoadBalancer,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { MappingContext, NormalizedRecord } from '../../../core/model.js';
import type { AwsClients } from '../clients.js';
import type { AwsKind } from '../kind.js';
import { capitalize, toDate } from '../normalize-helpers.js';
import {
  appFields,
  type AppLabel,
  applicationKind,
  applicationRecord,
  nextToken,
  pageLimit,
} from './applications.js';

/**
 * Load balancers → `applications` (spec §6.5 "Load balancers"), shared by ELBv2 (this file) and classic
 * ELB. `unique_id` is not the name (§12.7: same-named LBs in two regions collided): see each kind.
 */
export const LOAD_BALANCER_LABEL: AppLabel = { provider: 'ELB (AWS)', family: 'Loadbalance' };
// No `environment`/`tags`: DescribeLoadBalancers returns no tags (spec §6.5: always absent), and an
// owned field never produced would wipe what a user set in Maestro.
export const LOAD_BALANCER_FIELDS = appFields(['name', 'role', 'status', 'created_at']);

const INACTIVE = new Set(['failed', 'active_impaired']);

/** The fields common to both APIs (a classic ELB description or an ELBv2 LoadBalancer). */
export interface AnyLoadBalancer {
  LoadBalancerName?: string;
  LoadBalancerArn?: string;
  DNSName?: string;
  CanonicalHostedZoneId?: string;
  CanonicalHostedZoneName?: string;
  CanonicalHostedZoneNameID?: string;
  VpcId?: string;
  VPCId?: string;
  Type?: string;
  IpAddressType?: string;
  BackendServerDescriptions?: unknown;
  HealthCheck?: { Target?: string };
  State?: { Code?: string };
  CreatedTime?: Date;
}

export function loadBalancerRecord(lb: AnyLoadBalancer, ctx: MappingContext, id: string): NormalizedRecord {
  const state = lb.State?.Code ?? '';
  return applicationRecord(ctx, lb, LOAD_BALANCER_LABEL, id, !INACTIVE.has(state), {
    name: lb.LoadBalancerName,
    role: {
      endpoint: lb.DNSName,
      arn: lb.LoadBalancerArn,
      canonical_hosted_zone: lb.CanonicalHostedZoneId,
      vpc_id: lb.VpcId ?? lb.VPCId,
      type: lb.Type,
      ip_address_type: lb.IpAddressType,
      backend_server_descriptions: lb.BackendServerDescriptions,
      health_check_classic: lb.HealthCheck,
      healthcheck: lb.HealthCheck?.Target,
      canonical_hosted_zone_name: lb.CanonicalHostedZoneName,
      canonical_hosted_zone_name_id: lb.CanonicalHostedZoneNameID,
    },
    status: capitalize(lb.State?.Code),
    created_at: toDate(lb.CreatedTime),
  });
}

/** ELBv2 (application, network, gateway LBs). `unique_id` is the load balancer ARN: unique across regions. */
export function normalizeElbv2LoadBalancer(raw: unknown, ctx: MappingContext): NormalizedRecord[] {
  const lb = raw as LoadBalancer;
  if (!lb.LoadBalancerArn) return [];
  return [loadBalancerRecord(lb, ctx, lb.LoadBalancerArn)];
}

export function elbv2LoadBalancers(clients: AwsClients): AwsKind {
  return applicationKind(clients, {
    command: 'elbv2.describeLoadBalancers',
    fields: LOAD_BALANCER_FIELDS,
    client: ElasticLoadBalancingV2Client,
    async listPage(client, { pageSize, token, signal }) {
      const out = await client.send(
        new DescribeLoadBalancersCommand({ PageSize: pageLimit(pageSize, 1, 400), Marker: token }),
        {
          abortSignal: signal,
        },
      );
      return { items: out.LoadBalancers ?? [], nextToken: nextToken(out.NextMarker) };
    },
    normalize: normalizeElbv2LoadBalancer,
  });
}
