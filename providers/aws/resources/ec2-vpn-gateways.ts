import { DescribeVpnGatewaysCommand, type VpnGateway } from '@aws-sdk/client-ec2';
import type { MappingContext, NormalizedRecord } from '../../../core/model.js';
import type { AwsClients } from '../clients.js';
import type { AwsKind } from '../kind.js';
import { ec2Kind } from './ec2-paging.js';
import { networkFields, networkRecord } from './ec2-network-record.js';

/**
 * Virtual private gateways → `networks`, family `VpnGateways` (spec §6.5; the original recipe said
 * `VpcPeering`, so "last" deactivated against the wrong family). DescribeVpnGateways does not page: one
 * call returns every gateway of the region.
 */
export const EC2_VPN_GATEWAY_FIELDS = networkFields(
  'availability_zone',
  'vpc_attachments',
  'amazon_side_asn',
);

export function normalizeEc2VpnGateway(raw: unknown, ctx: MappingContext): NormalizedRecord[] {
  const g = raw as VpnGateway;
  return networkRecord(g as Record<string, unknown>, ctx, {
    id: g.VpnGatewayId,
    family: 'VpnGateways',
    tags: g.Tags,
    state: g.State,
    inactive: ['deleted', 'deleting'],
    fields: {
      availability_zone: g.AvailabilityZone,
      vpc_attachments: g.VpcAttachments,
      amazon_side_asn: g.AmazonSideAsn,
    },
  });
}

export function ec2VpnGateways(clients: AwsClients): AwsKind {
  return ec2Kind(clients, {
    command: 'ec2.describeVpnGateways',
    fields: EC2_VPN_GATEWAY_FIELDS,
    send: (ec2, _page, signal) =>
      ec2
        .send(new DescribeVpnGatewaysCommand({}), { abortSignal: signal })
        .then((o) => ({ items: o.VpnGateways, nextToken: undefined })),
    normalize: normalizeEc2VpnGateway,
  });
}
