import {
  DescribeLoadBalancersCommand,
  ElasticLoadBalancingClient,
  type LoadBalancerDescription,
} from '@aws-sdk/client-elastic-load-balancing';
import type { MappingContext, NormalizedRecord } from '../../../core/model.js';
import { regionCode } from '../../../core/regions.js';
import type { AwsClients } from '../clients.js';
import type { AwsKind } from '../kind.js';
import { applicationKind, nextToken, pageLimit } from './applications.js';
import { LOAD_BALANCER_FIELDS, loadBalancerRecord } from './elbv2-load-balancers.js';

/**
 * Classic ELB → `applications` (spec §6.5 "Load balancers"). The API returns no ARN and names are unique
 * per account and region only, so `unique_id` is `elb:<region code>:<LoadBalancerName>` (the name alone
 * collided across regions, §12.7; the prefix keeps it apart from ELBv2 ARNs).
 */
export function classicElbId(region: string | undefined, name: string): string {
  return `elb:${regionCode(region)}:${name}`;
}

export function normalizeClassicLoadBalancer(raw: unknown, ctx: MappingContext): NormalizedRecord[] {
  const lb = raw as LoadBalancerDescription;
  if (!lb.LoadBalancerName) return [];
  return [loadBalancerRecord(lb, ctx, classicElbId(ctx.region, lb.LoadBalancerName))];
}

export function elbLoadBalancers(clients: AwsClients): AwsKind {
  return applicationKind(clients, {
    command: 'elb.describeLoadBalancers',
    fields: LOAD_BALANCER_FIELDS,
    client: ElasticLoadBalancingClient,
    async listPage(client, { pageSize, token, signal }) {
      const out = await client.send(
        new DescribeLoadBalancersCommand({ PageSize: pageLimit(pageSize, 1, 400), Marker: token }),
        {
          abortSignal: signal,
        },
      );
      return { items: out.LoadBalancerDescriptions ?? [], nextToken: nextToken(out.NextMarker) };
    },
    normalize: normalizeClassicLoadBalancer,
  });
}
