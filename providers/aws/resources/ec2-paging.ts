import type { EC2Client } from '@aws-sdk/client-ec2';
import type { MappingContext, NormalizedRecord } from '../../../core/model.js';
import type { ListPageInput } from '../../types.js';
import type { AwsClients } from '../clients.js';
import type { AwsKind } from '../kind.js';
import type { AwsCredentials } from '../credentials.js';
import { pageLimit } from '../../kit/paging.js';

/** The paging parameters of an EC2 Describe* call (EC2's query API pages with MaxResults/NextToken). */
export interface Ec2PageParams {
  MaxResults?: number;
  NextToken?: string;
}

export interface Ec2Page<T> {
  items: T[] | undefined;
  nextToken: string | undefined;
}

/**
 * One EC2 resource kind whose listPage is one Describe* call per page:
 *
 *   ec2Kind(clients, { command: 'ec2.describeSubnets', fields, maxResults: {min: 5, max: 1000},
 *     send: (ec2, page, signal) => ec2.send(new DescribeSubnetsCommand(page), { abortSignal: signal })
 *       .then((o) => ({ items: o.Subnets, nextToken: o.NextToken })),
 *     normalize })
 */
export interface Ec2KindSpec<T> {
  command: string;
  fields: readonly string[];
  /** The API's MaxResults range (the page size is clamped into it); absent: the API does not page. */
  maxResults?: { min: number; max: number };
  send: (ec2: EC2Client, page: Ec2PageParams, signal: AbortSignal) => Promise<Ec2Page<T>>;
  normalize: (raw: unknown, ctx: MappingContext) => NormalizedRecord[];
}

export function ec2Kind<T>(clients: AwsClients, spec: Ec2KindSpec<T>): AwsKind {
  const { maxResults } = spec;
  return {
    command: spec.command,
    fields: spec.fields,
    async listPage({ connection, region, pageSize, token, signal }: ListPageInput<AwsCredentials>) {
      // An API without paging returns everything at once: a token can only come from a stale
      // heartbeat, and the single page is listed again.
      const page: Ec2PageParams = maxResults
        ? { MaxResults: pageLimit(pageSize, maxResults.min, maxResults.max), NextToken: token }
        : {};
      const out = await spec.send(clients.ec2Client(connection.credentials, region), page, signal);
      return { items: out.items ?? [], nextToken: (maxResults && out.nextToken) || undefined };
    },
    normalize: spec.normalize,
  };
}
