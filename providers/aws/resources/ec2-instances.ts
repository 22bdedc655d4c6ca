import { DescribeInstancesCommand, type Instance } from '@aws-sdk/client-ec2';
import type { MappingContext, NormalizedRecord } from '../../../core/model.js';
import type { ResourceKind } from '../../types.js';
import type { AwsClients } from '../clients.js';
import type { AwsCredentials } from '../credentials.js';
import { withLinks } from '../../../core/links.js';
import { applicationLinks, capitalize, compact, mapTags, tagValue, toDate } from '../normalize-helpers.js';

/** EC2 instances → `servers` (spec §6.5 "Servers"). `unique_id` is the instance id, never an IP. */
export const EC2_INSTANCE_FIELDS = [
  'name',
  'unique_id',
  'role',
  'environment',
  'created_at',
  'ipv4_private',
  'ipv4_public',
  'dns_public',
  'dns_private',
  'storage',
  'auth',
  'tags',
  'ebs_optimized',
  // `applications` is not owned: set by tag linking (spec §6.4) when the instance carries
  // `applications` / `applications_id` tags, otherwise links made in Maestro are left alone.
  'status',
  'active',
  'metas',
  'datacenters',
] as const;

const STATUS: Record<string, string> = {
  running: 'Active',
  pending: 'Active',
  stopping: 'Stopped',
  stopped: 'Stopped',
};
const INACTIVE = new Set(['shutting-down', 'terminated']);

export function normalizeEc2Instance(raw: unknown, ctx: MappingContext): NormalizedRecord[] {
  const i = raw as Instance;
  if (!i.InstanceId) return [];
  const state = i.State?.Name ?? '';
  const storage = (i.BlockDeviceMappings ?? []).map((b) =>
    compact({
      device_name: b.DeviceName,
      delete_termination: b.Ebs?.DeleteOnTermination,
      unique_id: b.Ebs?.VolumeId,
      attach_time: toDate(b.Ebs?.AttachTime),
      status: b.Ebs?.Status,
    }),
  );
  const record = compact({
    name: capitalize(tagValue(i.Tags, 'Name')),
    unique_id: i.InstanceId,
    role: capitalize(tagValue(i.Tags, 'role')),
    environment: capitalize(tagValue(i.Tags, 'environment')),
    created_at: toDate(i.LaunchTime),
    ipv4_private: i.PrivateIpAddress,
    ipv4_public: i.PublicIpAddress,
    dns_public: i.PublicDnsName,
    dns_private: i.PrivateDnsName,
    storage,
    auth: i.KeyName ? [{ name: i.KeyName, type: 'PKI' }] : undefined,
    tags: mapTags(i.Tags),
    ebs_optimized: i.EbsOptimized,
    status: STATUS[state],
    active: !INACTIVE.has(state),
    metas: compact({ security_groups: i.SecurityGroups, iam_instance_profile: i.IamInstanceProfile }),
    datacenters: compact({
      name: ctx.dc,
      provider: ctx.provider,
      _id: ctx.dcId,
      region: ctx.region,
      zone: i.Placement?.AvailabilityZone,
      type: 'Virtual',
      instance: i.InstanceType,
      instance_id: i.InstanceId,
      subnet_id: i.SubnetId,
      virtualization_type: i.VirtualizationType,
      hypervisor: i.Hypervisor,
      root_device_type: i.RootDeviceType,
      image_id: i.ImageId,
      architecture: i.Architecture,
      state_reason: i.StateReason,
      cloudwatch_monitoring: i.Monitoring?.State,
    }),
  });
  return [
    withLinks({ ...record, unique_id: i.InstanceId, active: !INACTIVE.has(state) }, applicationLinks(i.Tags)),
  ];
}

export function ec2Instances(clients: AwsClients): ResourceKind<AwsCredentials> {
  return {
    command: 'ec2.describeInstances',
    entity: 'servers',
    fields: EC2_INSTANCE_FIELDS,
    async listPage({ credentials, region, pageSize, token, signal }) {
      const out = await clients
        .ec2Client(credentials, region)
        .send(new DescribeInstancesCommand({ MaxResults: clamp(pageSize, 5, 1000), NextToken: token }), {
          abortSignal: signal,
        });
      return {
        items: (out.Reservations ?? []).flatMap((r) => r.Instances ?? []),
        nextToken: out.NextToken || undefined,
      };
    },
    normalize: normalizeEc2Instance,
  };
}

export function clamp(n: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, n));
}
