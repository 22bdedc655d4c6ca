import { CloudSearchClient, DescribeDomainsCommand, type DomainStatus } from '@aws-sdk/client-cloudsearch';
import type { MappingContext, NormalizedRecord } from '../../../core/model.js';
import type { AwsClients } from '../clients.js';
import type { AwsKind } from '../kind.js';
import { appFields, type AppLabel, applicationKind, applicationRecord } from './applications.js';

/**
 * CloudSearch domains → `applications` (spec §6.5). The original crashed on its `created_at` rule (an
 * empty call name on `Created`, which is a boolean, not a date): there is no creation time to map, so
 * `created_at` is left to the store. `unique_id` is the domain ARN: `DomainId` is `<account>/<name>`,
 * the same in every region (§12.7). A domain being deleted (`Deleted: true`) is inactive.
 * DescribeDomains has no pagination: one call lists every domain of the region.
 */
export const CLOUDSEARCH_LABEL: AppLabel = { provider: 'CloudSearch (AWS)', family: 'Database' };
export const CLOUDSEARCH_FIELDS = appFields(['name', 'engine', 'role']);

export function normalizeCloudSearchDomain(raw: unknown, ctx: MappingContext): NormalizedRecord[] {
  const d = raw as DomainStatus;
  const id = d.ARN ?? d.DomainId;
  if (!id) return [];
  return [
    applicationRecord(ctx, d, CLOUDSEARCH_LABEL, id, d.Deleted !== true, {
      name: d.DomainName,
      engine: 'CloudSearch',
      role: {
        arn: d.ARN,
        domain_id: d.DomainId,
        doc_service: d.DocService,
        search_service: d.SearchService,
        requires_index_documents: d.RequiresIndexDocuments,
        processing: d.Processing,
        search_instance_type: d.SearchInstanceType,
        search_partition_count: d.SearchPartitionCount,
        search_instance_count: d.SearchInstanceCount,
        limits: d.Limits,
      },
    }),
  ];
}

export function cloudSearchDomains(clients: AwsClients): AwsKind {
  return applicationKind(clients, {
    command: 'cloudsearch.describeDomains',
    fields: CLOUDSEARCH_FIELDS,
    client: CloudSearchClient,
    async listPage(client, { signal }) {
      const out = await client.send(new DescribeDomainsCommand({}), { abortSignal: signal });
      return { items: out.DomainStatusList ?? [], nextToken: undefined };
    },
    normalize: normalizeCloudSearchDomain,
  });
}
