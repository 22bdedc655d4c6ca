import { DescribeVpcsCommand, type Vpc } from '@aws-sdk/client-ec2';
import type { MappingContext, NormalizedRecord } from '../../../core/model.js';
import type { AwsClients } from '../clients.js';
import type { AwsKind } from '../kind.js';
import { capitalize, tagValue } from '../normalize-helpers.js';
import { ec2Kind } from './ec2-paging.js';
import { networkFields, networkRecord } from './ec2-network-record.js';

/**
 * VPCs → `networks`, family `Vpc` (spec §6.5 "vpcs"). §12.5 fix: the CIDR is written as `cidr_block`;
 * the original wrote it under `image_id`.
 */
export const EC2_VPC_FIELDS = networkFields(
  'name',
  'cidr_block',
  'dhcp_options_id',
  'instance_tenancy',
  'ipv6_cidr_block_association_set',
  'cidr_block_association_set',
  'is_default',
);

export function normalizeEc2Vpc(raw: unknown, ctx: MappingContext): NormalizedRecord[] {
  const v = raw as Vpc;
  return networkRecord(v as Record<string, unknown>, ctx, {
    id: v.VpcId,
    family: 'Vpc',
    tags: v.Tags,
    state: v.State,
    inactive: ['error', 'invalid'],
    fields: {
      name: capitalize(tagValue(v.Tags, 'Name')),
      cidr_block: v.CidrBlock,
      dhcp_options_id: v.DhcpOptionsId,
      instance_tenancy: v.InstanceTenancy,
      ipv6_cidr_block_association_set: v.Ipv6CidrBlockAssociationSet,
      cidr_block_association_set: v.CidrBlockAssociationSet,
      is_default: v.IsDefault,
    },
  });
}

export function ec2Vpcs(clients: AwsClients): AwsKind {
  return ec2Kind(clients, {
    command: 'ec2.describeVpcs',
    fields: EC2_VPC_FIELDS,
    maxResults: { min: 5, max: 1000 },
    send: (ec2, page, signal) =>
      ec2
        .send(new DescribeVpcsCommand(page), { abortSignal: signal })
        .then((o) => ({ items: o.Vpcs, nextToken: o.NextToken })),
    normalize: normalizeEc2Vpc,
  });
}
