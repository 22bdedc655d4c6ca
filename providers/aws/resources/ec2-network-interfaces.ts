import { DescribeNetworkInterfacesCommand, type NetworkInterface } from '@aws-sdk/client-ec2';
import type { MappingContext, NormalizedRecord } from '../../../core/model.js';
import type { AwsClients } from '../clients.js';
import type { AwsKind } from '../kind.js';
import { ec2Kind } from './ec2-paging.js';
import { networkFields, networkRecord } from './ec2-network-record.js';

/**
 * Network interfaces → `networks`, family `NetworkInterfaces` (spec §6.5). Fix: `status` and `active`
 * come from `Status` (available, in-use, attaching, detaching, associated); the original read `State`,
 * which an ENI does not have, so every ENI was active and had no status.
 */
export const EC2_NETWORK_INTERFACE_FIELDS = networkFields(
  'association',
  'attachment',
  'availability_zone',
  'description',
  'groups',
  'interface_type',
  'ipv6_addresses',
  'mac_address',
  'private_dns_name',
  'private_ip_address',
  'private_ip_addresses',
  'requester_id',
  'requester_managed',
  'source_dest_check',
  'subnet_id',
  'vpc_id',
);

export function normalizeEc2NetworkInterface(raw: unknown, ctx: MappingContext): NormalizedRecord[] {
  const n = raw as NetworkInterface;
  return networkRecord(n as Record<string, unknown>, ctx, {
    id: n.NetworkInterfaceId,
    family: 'NetworkInterfaces',
    tags: n.TagSet,
    state: n.Status,
    inactive: ['detaching', 'invalid'],
    fields: {
      association: n.Association,
      attachment: n.Attachment,
      availability_zone: n.AvailabilityZone,
      description: n.Description,
      groups: n.Groups,
      interface_type: n.InterfaceType,
      ipv6_addresses: n.Ipv6Addresses,
      mac_address: n.MacAddress,
      private_dns_name: n.PrivateDnsName,
      private_ip_address: n.PrivateIpAddress,
      private_ip_addresses: n.PrivateIpAddresses,
      requester_id: n.RequesterId,
      requester_managed: n.RequesterManaged,
      source_dest_check: n.SourceDestCheck,
      subnet_id: n.SubnetId,
      vpc_id: n.VpcId,
    },
  });
}

export function ec2NetworkInterfaces(clients: AwsClients): AwsKind {
  return ec2Kind(clients, {
    command: 'ec2.describeNetworkInterfaces',
    fields: EC2_NETWORK_INTERFACE_FIELDS,
    maxResults: { min: 5, max: 1000 },
    send: (ec2, page, signal) =>
      ec2
        .send(new DescribeNetworkInterfacesCommand(page), { abortSignal: signal })
        .then((o) => ({ items: o.NetworkInterfaces, nextToken: o.NextToken })),
    normalize: normalizeEc2NetworkInterface,
  });
}
