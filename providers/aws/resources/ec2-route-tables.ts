import { DescribeRouteTablesCommand, type RouteTable } from '@aws-sdk/client-ec2';
import type { MappingContext, NormalizedRecord } from '../../../core/model.js';
import type { AwsClients } from '../clients.js';
import type { AwsKind } from '../kind.js';
import { ec2Kind } from './ec2-paging.js';
import { networkFields, networkRecord } from './ec2-network-record.js';

/** Route tables → `networks`, family `RouteTable` (spec §6.5 "route tables"). A route table has no state. */
export const EC2_ROUTE_TABLE_FIELDS = networkFields('associations', 'propagating_vgws', 'routes', 'vpc_id');

export function normalizeEc2RouteTable(raw: unknown, ctx: MappingContext): NormalizedRecord[] {
  const t = raw as RouteTable;
  return networkRecord(t as Record<string, unknown>, ctx, {
    id: t.RouteTableId,
    family: 'RouteTable',
    tags: t.Tags,
    state: undefined,
    fields: {
      associations: t.Associations,
      propagating_vgws: t.PropagatingVgws,
      routes: t.Routes,
      vpc_id: t.VpcId,
    },
  });
}

export function ec2RouteTables(clients: AwsClients): AwsKind {
  return ec2Kind(clients, {
    command: 'ec2.describeRouteTables',
    fields: EC2_ROUTE_TABLE_FIELDS,
    maxResults: { min: 5, max: 100 },
    send: (ec2, page, signal) =>
      ec2
        .send(new DescribeRouteTablesCommand(page), { abortSignal: signal })
        .then((o) => ({ items: o.RouteTables, nextToken: o.NextToken })),
    normalize: normalizeEc2RouteTable,
  });
}
