import {
  DescribeCacheClustersCommand,
  ElastiCacheClient,
  type CacheCluster,
} from '@aws-sdk/client-elasticache';
import type { MappingContext, NormalizedRecord } from '../../../core/model.js';
import type { AwsClients } from '../clients.js';
import type { AwsKind } from '../kind.js';
import { toDate } from '../normalize-helpers.js';
import {
  appFields,
  type AppLabel,
  applicationKind,
  applicationRecord,
  nextToken,
  pageLimit,
} from './applications.js';

/**
 * ElastiCache clusters → `applications` (spec §6.5). `unique_id` is the cluster ARN (the cluster id is
 * unique per region only, §12.7). `name` falls back to the cluster id when the cluster belongs to no
 * replication group (the original left it empty). Node details are requested (`ShowCacheNodeInfo`),
 * or `cache_nodes` would always be absent.
 */
export const ELASTICACHE_LABEL: AppLabel = { provider: 'Elastic Cache (AWS)', family: 'Cache' };
export const ELASTICACHE_FIELDS = appFields(['name', 'engine', 'created_at', 'role', 'cache_nodes']);

export function normalizeCacheCluster(raw: unknown, ctx: MappingContext): NormalizedRecord[] {
  const c = raw as CacheCluster;
  if (!c.ARN) return [];
  return [
    applicationRecord(ctx, c, ELASTICACHE_LABEL, c.ARN, true, {
      name: c.ReplicationGroupId ?? c.CacheClusterId,
      engine: c.Engine,
      created_at: toDate(c.CacheClusterCreateTime),
      role: {
        configuration_endpoint: c.ConfigurationEndpoint,
        client_download_landing_page: c.ClientDownloadLandingPage,
        cache_node_type: c.CacheNodeType,
        engine_version: c.EngineVersion,
        cache_cluster_status: c.CacheClusterStatus,
        num_cache_nodes: c.NumCacheNodes,
        preferred_availability_zone: c.PreferredAvailabilityZone,
        cache_cluster_create_time: toDate(c.CacheClusterCreateTime),
        preferred_maintenance_window: c.PreferredMaintenanceWindow,
        pending_modified_values: c.PendingModifiedValues,
        engine: c.Engine,
        notification_configuration: c.NotificationConfiguration,
        cache_subnet_group_name: c.CacheSubnetGroupName,
        replication_group_id: c.ReplicationGroupId,
        snapshot_retention_limit: c.SnapshotRetentionLimit,
        snapshot_window: c.SnapshotWindow,
        auth_token_enabled: c.AuthTokenEnabled,
        transit_encryption_enabled: c.TransitEncryptionEnabled,
        atRest_encryption_enabled: c.AtRestEncryptionEnabled,
      },
      cache_nodes: c.CacheNodes,
    }),
  ];
}

export function elastiCacheClusters(clients: AwsClients): AwsKind {
  return applicationKind(clients, {
    command: 'elasticache.describeCacheClusters',
    fields: ELASTICACHE_FIELDS,
    client: ElastiCacheClient,
    async listPage(client, { pageSize, token, signal }) {
      const out = await client.send(
        new DescribeCacheClustersCommand({
          MaxRecords: pageLimit(pageSize, 20, 100),
          Marker: token,
          ShowCacheNodeInfo: true,
        }),
        { abortSignal: signal },
      );
      return { items: out.CacheClusters ?? [], nextToken: nextToken(out.Marker) };
    },
    normalize: normalizeCacheCluster,
  });
}
