import {
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  ResourceNotFoundException,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import type { MappingContext, NormalizedRecord } from '../../../core/model.js';
import type { AwsClients } from '../clients.js';
import type { AwsKind } from '../kind.js';
import { capitalize, toDate } from '../normalize-helpers.js';
import {
  appFields,
  type AppLabel,
  applicationKind,
  applicationRecord,
  nextToken,
  pageLimit,
} from './applications.js';

/**
 * DynamoDB tables → `applications` (spec §6.5 "dynamodb list_tables"). The original never produced a
 * record (ListTables returns bare names, and string items were skipped, §6.1/§12.5). Here each page of
 * ListTables is followed by one DescribeTable per name, and the descriptions are the items: `name` is
 * "DynamoDB - <table>", `unique_id` the table ARN (a table name is unique per region only, §12.7),
 * `created_at` the table's CreationDateTime. A table deleted between the two calls is left out.
 */
export const DYNAMODB_LABEL: AppLabel = { provider: 'DynamoDB (AWS)', family: 'Database' };
export const DYNAMODB_FIELDS = appFields(['name', 'created_at', 'status', 'role']);

const INACTIVE = new Set(['DELETING', 'ARCHIVING', 'ARCHIVED', 'INACCESSIBLE_ENCRYPTION_CREDENTIALS']);

export function normalizeDynamoDbTable(raw: unknown, ctx: MappingContext): NormalizedRecord[] {
  const t = raw as TableDescription;
  if (!t.TableArn || !t.TableName) return [];
  return [
    applicationRecord(ctx, t, DYNAMODB_LABEL, t.TableArn, !INACTIVE.has(t.TableStatus ?? ''), {
      name: `DynamoDB - ${t.TableName}`,
      created_at: toDate(t.CreationDateTime),
      status: capitalize(t.TableStatus),
      role: {
        table_name: t.TableName,
        table_arn: t.TableArn,
        table_id: t.TableId,
        key_schema: t.KeySchema,
        attribute_definitions: t.AttributeDefinitions,
        billing_mode: t.BillingModeSummary?.BillingMode,
        provisioned_throughput: t.ProvisionedThroughput && {
          read_capacity_units: t.ProvisionedThroughput.ReadCapacityUnits,
          write_capacity_units: t.ProvisionedThroughput.WriteCapacityUnits,
        },
        item_count: t.ItemCount,
        size_bytes: t.TableSizeBytes,
        global_secondary_indexes: t.GlobalSecondaryIndexes?.map((i) => i.IndexName),
        local_secondary_indexes: t.LocalSecondaryIndexes?.map((i) => i.IndexName),
        stream_enabled: t.StreamSpecification?.StreamEnabled,
        deletion_protection: t.DeletionProtectionEnabled,
      },
    }),
  ];
}

export function dynamoDbTables(clients: AwsClients): AwsKind {
  return applicationKind(clients, {
    command: 'dynamodb.listTables',
    fields: DYNAMODB_FIELDS,
    client: DynamoDBClient,
    async listPage(client, { pageSize, token, signal }) {
      const out = await client.send(
        new ListTablesCommand({ Limit: pageLimit(pageSize, 1, 100), ExclusiveStartTableName: token }),
        { abortSignal: signal },
      );
      const items: TableDescription[] = [];
      for (const name of out.TableNames ?? []) {
        try {
          const d = await client.send(new DescribeTableCommand({ TableName: name }), { abortSignal: signal });
          if (d.Table) items.push(d.Table);
        } catch (err) {
          if (!(err instanceof ResourceNotFoundException)) throw err;
        }
      }
      return { items, nextToken: nextToken(out.LastEvaluatedTableName) };
    },
    normalize: normalizeDynamoDbTable,
  });
}
