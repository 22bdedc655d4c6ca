import { DescribeSecurityGroupsCommand, type SecurityGroup } from '@aws-sdk/client-ec2';
import type { MappingContext, NormalizedRecord } from '../../../core/model.js';
import type { AwsClients } from '../clients.js';
import type { AwsKind } from '../kind.js';
import { ec2Kind } from './ec2-paging.js';
import { networkFields, networkRecord } from './ec2-network-record.js';

/**
 * Security groups → `networks`, family `SecurityGroup` (spec §6.5 "security groups"). A security group
 * has no state: no `status`, always active.
 */
export const EC2_SECURITY_GROUP_FIELDS = networkFields(
  'name',
  'group_name',
  'description',
  'ip_permissions',
  'vpc_id',
);

export function normalizeEc2SecurityGroup(raw: unknown, ctx: MappingContext): NormalizedRecord[] {
  const g = raw as SecurityGroup;
  return networkRecord(g as Record<string, unknown>, ctx, {
    id: g.GroupId,
    family: 'SecurityGroup',
    tags: g.Tags,
    state: undefined,
    fields: {
      name: g.GroupName,
      group_name: g.GroupName,
      description: g.Description,
      ip_permissions: g.IpPermissions,
      vpc_id: g.VpcId,
    },
  });
}

export function ec2SecurityGroups(clients: AwsClients): AwsKind {
  return ec2Kind(clients, {
    command: 'ec2.describeSecurityGroups',
    fields: EC2_SECURITY_GROUP_FIELDS,
    maxResults: { min: 5, max: 1000 },
    send: (ec2, page, signal) =>
      ec2
        .send(new DescribeSecurityGroupsCommand(page), { abortSignal: signal })
        .then((o) => ({ items: o.SecurityGroups, nextToken: o.NextToken })),
    normalize: normalizeEc2SecurityGroup,
  });
}
