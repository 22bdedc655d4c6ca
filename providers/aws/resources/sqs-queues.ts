import { ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { MappingContext, NormalizedRecord } from '../../../core/model.js';
import { regionCode } from '../../../core/regions.js';
import type { AwsClients } from '../clients.js';
import type { AwsKind } from '../kind.js';
import {
  appFields,
  type AppLabel,
  applicationKind,
  applicationRecord,
  nextToken,
  pageLimit,
  regionListing,
} from './applications.js';

/**
 * SQS → **one** application per region listing its queues (spec §6.5 "sqs list_queues"). The listing
 * item is the region's whole `{QueueUrls}`: every ListQueues page is read in one listPage call, because
 * the record aggregates them (a page per record would keep only the last page's queues).
 *
 * `unique_id` is `<account id>_sqs_<region code>`: the account id alone (the original) made every
 * region overwrite the same record. No queues → no record (the original failed the insert).
 */
export const SQS_LABEL: AppLabel = { provider: 'SQS (AWS)', family: 'Broker' };
export const SQS_FIELDS = appFields(['name', 'urls', 'queues']);

export interface SqsRegionListing {
  QueueUrls: string[];
}

/** `https://sqs.<region>.amazonaws.com/<account>/<queue>` → `{account, queue}`. */
export function parseQueueUrl(url: string): { account: string; queue: string } | undefined {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return undefined;
  }
  const [account, queue] = path.split('/').filter((p) => p !== '');
  return account && queue ? { account, queue } : undefined;
}

export function normalizeSqsRegion(raw: unknown, ctx: MappingContext): NormalizedRecord[] {
  const urls = (raw as Partial<SqsRegionListing>).QueueUrls ?? [];
  const parsed = urls.map(parseQueueUrl);
  const account = parsed.find((p) => p !== undefined)?.account;
  if (!account) return [];
  return [
    applicationRecord(ctx, {}, SQS_LABEL, `${account}_sqs_${regionCode(ctx.region)}`, true, {
      name: `SQS - ${account}`,
      urls,
      queues: parsed.flatMap((p) => (p ? [p.queue] : [])),
    }),
  ];
}

export function sqsQueues(clients: AwsClients): AwsKind {
  return applicationKind(clients, {
    command: 'sqs.listQueues',
    fields: SQS_FIELDS,
    client: SQSClient,
    listPage(client, { pageSize, signal }) {
      return regionListing('QueueUrls', async (token) => {
        const out = await client.send(
          new ListQueuesCommand({ MaxResults: pageLimit(pageSize, 1, 1000), NextToken: token }),
          { abortSignal: signal },
        );
        return { values: out.QueueUrls ?? [], next: nextToken(out.NextToken) };
      });
    },
    normalize: normalizeSqsRegion,
  });
}
