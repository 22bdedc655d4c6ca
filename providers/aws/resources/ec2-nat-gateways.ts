import { DescribeNatGatewaysCommand, type NatGateway } from '@aws-sdk/client-ec2';
import type { MappingContext, NormalizedRecord } from '../../../core/model.js';
import type { AwsClients } from '../clients.js';
import type { AwsKind } from '../kind.js';
import { toDate } from '../normalize-helpers.js';
import { ec2Kind } from './ec2-paging.js';
import { networkFields, networkRecord } from './ec2-network-record.js';

/** NAT gateways → `networks`, family `NatGateway` (spec §6.5 "nat gateways"). */
export const EC2_NAT_GATEWAY_FIELDS = networkFields(
  'vpc_id',
  'subnet_id',
  'provisioned_bandwidth',
  'nat_gateway_addresses',
  'failure_code',
  'failure_message',
  'delete_time',
  'created_at',
);

export function normalizeEc2NatGateway(raw: unknown, ctx: MappingContext): NormalizedRecord[] {
  const g = raw as NatGateway;
  return networkRecord(g as Record<string, unknown>, ctx, {
    id: g.NatGatewayId,
    family: 'NatGateway',
    tags: g.Tags,
    state: g.State,
    inactive: ['failed', 'deleting', 'deleted'],
    fields: {
      vpc_id: g.VpcId,
      subnet_id: g.SubnetId,
      provisioned_bandwidth: g.ProvisionedBandwidth,
      nat_gateway_addresses: g.NatGatewayAddresses,
      failure_code: g.FailureCode,
      failure_message: g.FailureMessage,
      delete_time: toDate(g.DeleteTime),
      created_at: toDate(g.CreateTime),
    },
  });
}

export function ec2NatGateways(clients: AwsClients): AwsKind {
  return ec2Kind(clients, {
    command: 'ec2.describeNatGateways',
    fields: EC2_NAT_GATEWAY_FIELDS,
    maxResults: { min: 5, max: 1000 },
    send: (ec2, page, signal) =>
      ec2
        .send(new DescribeNatGatewaysCommand(page), { abortSignal: signal })
        .then((o) => ({ items: o.NatGateways, nextToken: o.NextToken })),
    normalize: normalizeEc2NatGateway,
  });
}
