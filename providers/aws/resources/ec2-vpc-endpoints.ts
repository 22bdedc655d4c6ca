import { DescribeVpcEndpointsCommand, type VpcEndpoint } from '@aws-sdk/client-ec2';
import type { MappingContext, NormalizedRecord } from '../../../core/model.js';
import type { AwsClients } from '../clients.js';
import type { AwsKind } from '../kind.js';
import { toDate } from '../normalize-helpers.js';
import { ec2Kind } from './ec2-paging.js';
import { networkFields, networkRecord } from './ec2-network-record.js';

/** VPC endpoints → `networks`, family `VpcEndpoint` (spec §6.5 "vpc endpoints"). */
export const EC2_VPC_ENDPOINT_FIELDS = networkFields(
  'vpc_endpoint_type',
  'vpc_id',
  'service_name',
  'policy_document',
  'route_table_ids',
  'subnet_ids',
  'groups',
  'private_dns_enabled',
  'network_interface_ids',
  'dns_entries',
  'created_at',
);

export function normalizeEc2VpcEndpoint(raw: unknown, ctx: MappingContext): NormalizedRecord[] {
  const e = raw as VpcEndpoint;
  return networkRecord(e as Record<string, unknown>, ctx, {
    id: e.VpcEndpointId,
    family: 'VpcEndpoint',
    tags: e.Tags,
    state: e.State,
    inactive: ['Deleting', 'Deleted', 'Rejected', 'Failed', 'Expired'],
    fields: {
      vpc_endpoint_type: e.VpcEndpointType,
      vpc_id: e.VpcId,
      service_name: e.ServiceName,
      policy_document: e.PolicyDocument,
      route_table_ids: e.RouteTableIds,
      subnet_ids: e.SubnetIds,
      groups: e.Groups,
      private_dns_enabled: e.PrivateDnsEnabled,
      network_interface_ids: e.NetworkInterfaceIds,
      dns_entries: e.DnsEntries,
      created_at: toDate(e.CreationTimestamp),
    },
  });
}

export function ec2VpcEndpoints(clients: AwsClients): AwsKind {
  return ec2Kind(clients, {
    command: 'ec2.describeVpcEndpoints',
    fields: EC2_VPC_ENDPOINT_FIELDS,
    maxResults: { min: 5, max: 1000 },
    send: (ec2, page, signal) =>
      ec2
        .send(new DescribeVpcEndpointsCommand(page), { abortSignal: signal })
        .then((o) => ({ items: o.VpcEndpoints, nextToken: o.NextToken })),
    normalize: normalizeEc2VpcEndpoint,
  });
}
