import { DescribeDBInstancesCommand, RDSClient, type DBInstance } from '@aws-sdk/client-rds';
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
  tagFields,
} from './applications.js';

/**
 * RDS DB instances → `applications` (spec §6.5 "Databases"), with fixes: `created_at` from
 * `InstanceCreateTime` (§12.5), tags from `TagList` (the field RDS returns), `read_status` from the first
 * `StatusInfos` entry (a list), and `unique_id` = `DBInstanceArn`: the identifier alone is unique per
 * region only (§12.7).
 */
export const RDS_LABEL: AppLabel = { provider: 'RDS (AWS)', family: 'Database' };
export const RDS_FIELDS = appFields([
  'name',
  'engine',
  'role',
  'status',
  'read_status',
  'environment',
  'tags',
  'created_at',
]);

const INACTIVE = new Set([
  'stopping',
  'stopped',
  'failed',
  'deleting',
  'inaccessible-encryption-credentials',
  'incompatible-network',
]);

export function normalizeRdsInstance(raw: unknown, ctx: MappingContext): NormalizedRecord[] {
  const db = raw as DBInstance;
  if (!db.DBInstanceArn) return [];
  const status = db.DBInstanceStatus ?? '';
  return [
    applicationRecord(ctx, db, RDS_LABEL, db.DBInstanceArn, !INACTIVE.has(status), {
      name: db.DBInstanceIdentifier,
      engine: db.Engine,
      role: {
        dbname: db.DBName,
        endpoint: db.Endpoint?.Address,
        port: db.Endpoint?.Port,
        version: db.EngineVersion,
        allocated_storage: db.AllocatedStorage,
        backup_window: db.PreferredBackupWindow,
        backup_retention: db.BackupRetentionPeriod,
        security_group: db.DBSecurityGroups,
        class: db.DBInstanceClass,
        parameter: db.DBParameterGroups,
        vpc_security: db.VpcSecurityGroups,
        subnet_group: db.DBSubnetGroup,
        availability_zone: db.AvailabilityZone,
        read_replica: db.ReadReplicaDBClusterIdentifiers,
        license_model: db.LicenseModel,
        iops: db.Iops,
        secondary_availability_zone: db.SecondaryAvailabilityZone,
        storage_type: db.StorageType,
        instance_port: db.DbInstancePort,
        cluster_name: db.DBClusterIdentifier,
        storage_encrypted: db.StorageEncrypted,
        domain: db.DomainMemberships,
        monitoring_interval: db.MonitoringInterval,
        instance_arn: db.DBInstanceArn,
        timezone: db.Timezone,
        cloudwatch_export: db.EnabledCloudwatchLogsExports,
        read_replicas_identifier: db.ReadReplicaSourceDBInstanceIdentifier,
        read_replicas_dbnames: db.ReadReplicaDBInstanceIdentifiers,
        deletion_protection: db.DeletionProtection,
      },
      status: capitalize(status),
      read_status: db.StatusInfos?.[0]?.Status,
      ...tagFields(db.TagList),
      created_at: toDate(db.InstanceCreateTime),
    }),
  ];
}

export function rdsInstances(clients: AwsClients): AwsKind {
  return applicationKind(clients, {
    command: 'rds.describeDBInstances',
    fields: RDS_FIELDS,
    client: RDSClient,
    async listPage(client, { pageSize, token, signal }) {
      const out = await client.send(
        new DescribeDBInstancesCommand({ MaxRecords: pageLimit(pageSize, 20, 100), Marker: token }),
        {
          abortSignal: signal,
        },
      );
      return { items: out.DBInstances ?? [], nextToken: nextToken(out.Marker) };
    },
    normalize: normalizeRdsInstance,
  });
}
