import {
  AutoScalingClient,
  DescribeAutoScalingGroupsCommand,
  type AutoScalingGroup,
} from '@aws-sdk/client-auto-scaling';
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
 * Auto Scaling groups → `applications` (spec §6.5). `active` is false while the group is being deleted:
 * the original read a `StatusCode` field that does not exist; the API's field is `Status`.
 */
export const AUTOSCALING_LABEL: AppLabel = { provider: 'AutoScaling (AWS)', family: 'AutoScaling' };
export const AUTOSCALING_FIELDS = appFields([
  'name',
  'loadbalance_names',
  'instances',
  'role',
  'status',
  'environment',
  'tags',
  'created_at',
]);

export function normalizeAutoScalingGroup(raw: unknown, ctx: MappingContext): NormalizedRecord[] {
  const g = raw as AutoScalingGroup;
  if (!g.AutoScalingGroupARN) return [];
  return [
    applicationRecord(ctx, g, AUTOSCALING_LABEL, g.AutoScalingGroupARN, g.Status !== 'Delete in progress', {
      name: g.AutoScalingGroupName,
      loadbalance_names: g.LoadBalancerNames,
      instances: g.Instances,
      role: {
        launch_configuration_name: g.LaunchConfigurationName,
        launch_template: g.LaunchTemplate,
        min_size: g.MinSize,
        max_size: g.MaxSize,
        desired_capacity: g.DesiredCapacity,
        health_check_type: g.HealthCheckType,
        health_check_grace_period: g.HealthCheckGracePeriod,
        default_cooldown: g.DefaultCooldown,
        vpc_zone_identifier: g.VPCZoneIdentifier,
      },
      status: capitalize(g.Status),
      ...tagFields(g.Tags),
      created_at: toDate(g.CreatedTime),
    }),
  ];
}

export function autoScalingGroups(clients: AwsClients): AwsKind {
  return applicationKind(clients, {
    command: 'autoscaling.describeAutoScalingGroups',
    fields: AUTOSCALING_FIELDS,
    client: AutoScalingClient,
    async listPage(client, { pageSize, token, signal }) {
      const out = await client.send(
        new DescribeAutoScalingGroupsCommand({ MaxRecords: pageLimit(pageSize, 1, 100), NextToken: token }),
        { abortSignal: signal },
      );
      return { items: out.AutoScalingGroups ?? [], nextToken: nextToken(out.NextToken) };
    },
    normalize: normalizeAutoScalingGroup,
  });
}
