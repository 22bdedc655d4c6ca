import { DescribeSubnetsCommand, type Subnet } from '@aws-sdk/client-ec2';
import type { MappingContext, NormalizedRecord } from '../../../core/model.js';
import type { AwsClients } from '../clients.js';
import type { AwsKind } from '../kind.js';
import { ec2Kind } from './ec2-paging.js';
import { networkFields, networkRecord } from './ec2-network-record.js';

/**
 * Subnets → `networks`, family `Subnet` (spec §6.5 "subnets"). The original's
 * `ipv6Cidr_block_association_set` is spelled `ipv6_cidr_block_association_set`, as on VPCs.
 */
export const EC2_SUBNET_FIELDS = networkFields(
  'availability_zone',
  'available_ip_address_count',
  'cidr_block',
  'default_for_az',
  'map_public_ip_on_launch',
  'vpc_id',
  'assign_ipv6_address_on_creation',
  'ipv6_cidr_block_association_set',
);

export function normalizeEc2Subnet(raw: unknown, ctx: MappingContext): NormalizedRecord[] {
  const s = raw as Subnet;
  return networkRecord(s as Record<string, unknown>, ctx, {
    id: s.SubnetId,
    family: 'Subnet',
    tags: s.Tags,
    state: s.State,
    fields: {
      availability_zone: s.AvailabilityZone,
      available_ip_address_count: s.AvailableIpAddressCount,
      cidr_block: s.CidrBlock,
      default_for_az: s.DefaultForAz,
      map_public_ip_on_launch: s.MapPublicIpOnLaunch,
      vpc_id: s.VpcId,
      assign_ipv6_address_on_creation: s.AssignIpv6AddressOnCreation,
      ipv6_cidr_block_association_set: s.Ipv6CidrBlockAssociationSet,
    },
  });
}

export function ec2Subnets(clients: AwsClients): AwsKind {
  return ec2Kind(clients, {
    command: 'ec2.describeSubnets',
    fields: EC2_SUBNET_FIELDS,
    maxResults: { min: 5, max: 1000 },
    send: (ec2, page, signal) =>
      ec2
        .send(new DescribeSubnetsCommand(page), { abortSignal: signal })
        .then((o) => ({ items: o.Subnets, nextToken: o.NextToken })),
    normalize: normalizeEc2Subnet,
  });
}
