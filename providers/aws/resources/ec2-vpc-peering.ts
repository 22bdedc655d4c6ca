import { DescribeVpcPeeringConnectionsCommand, type VpcPeeringConnection } from '@aws-sdk/client-ec2';
import type { MappingContext, NormalizedRecord } from '../../../core/model.js';
import type { AwsClients } from '../clients.js';
import type { AwsKind } from '../kind.js';
import { toDate } from '../normalize-helpers.js';
import { ec2Kind } from './ec2-paging.js';
import { networkFields, networkRecord } from './ec2-network-record.js';

/**
 * VPC peering connections → `networks`, family `VpcPeering` (spec §6.5; the original recipe said `Vpc`,
 * so "last" never deactivated them). A peering has no `State` but `Status.Code`: status and active are
 * read from it (the original read `State`: always absent, always active). A deleted, rejected, failed or
 * expired peering is inactive.
 */
export const EC2_VPC_PEERING_FIELDS = networkFields(
  'accepter_vpc_info',
  'expiration_time',
  'requester_vpc_info',
);

export function normalizeEc2VpcPeering(raw: unknown, ctx: MappingContext): NormalizedRecord[] {
  const p = raw as VpcPeeringConnection;
  return networkRecord(p as Record<string, unknown>, ctx, {
    id: p.VpcPeeringConnectionId,
    family: 'VpcPeering',
    tags: p.Tags,
    state: p.Status?.Code,
    inactive: ['deleted', 'deleting', 'rejected', 'failed', 'expired'],
    fields: {
      accepter_vpc_info: p.AccepterVpcInfo,
      expiration_time: toDate(p.ExpirationTime),
      requester_vpc_info: p.RequesterVpcInfo,
    },
  });
}

export function ec2VpcPeerings(clients: AwsClients): AwsKind {
  return ec2Kind(clients, {
    command: 'ec2.describeVpcPeeringConnections',
    fields: EC2_VPC_PEERING_FIELDS,
    maxResults: { min: 5, max: 1000 },
    send: (ec2, page, signal) =>
      ec2
        .send(new DescribeVpcPeeringConnectionsCommand(page), { abortSignal: signal })
        .then((o) => ({ items: o.VpcPeeringConnections, nextToken: o.NextToken })),
    normalize: normalizeEc2VpcPeering,
  });
}
