import { DescribeNetworkAclsCommand, type NetworkAcl } from '@aws-sdk/client-ec2';
import type { MappingContext, NormalizedRecord } from '../../../core/model.js';
import type { AwsClients } from '../clients.js';
import type { AwsKind } from '../kind.js';
import { ec2Kind } from './ec2-paging.js';
import { networkFields, networkRecord } from './ec2-network-record.js';

/** Network ACLs → `networks`, family `NetworkAcl` (spec §6.5 "network acls"). An ACL has no state. */
export const EC2_NETWORK_ACL_FIELDS = networkFields('associations', 'entries', 'is_default', 'vpc_id');

export function normalizeEc2NetworkAcl(raw: unknown, ctx: MappingContext): NormalizedRecord[] {
  const a = raw as NetworkAcl;
  return networkRecord(a as Record<string, unknown>, ctx, {
    id: a.NetworkAclId,
    family: 'NetworkAcl',
    tags: a.Tags,
    state: undefined,
    fields: {
      associations: a.Associations,
      entries: a.Entries,
      is_default: a.IsDefault,
      vpc_id: a.VpcId,
    },
  });
}

export function ec2NetworkAcls(clients: AwsClients): AwsKind {
  return ec2Kind(clients, {
    command: 'ec2.describeNetworkAcls',
    fields: EC2_NETWORK_ACL_FIELDS,
    maxResults: { min: 5, max: 100 },
    send: (ec2, page, signal) =>
      ec2
        .send(new DescribeNetworkAclsCommand(page), { abortSignal: signal })
        .then((o) => ({ items: o.NetworkAcls, nextToken: o.NextToken })),
    normalize: normalizeEc2NetworkAcl,
  });
}
