import { DescribeInstancesCommand, type Instance } from '@aws-sdk/client-ec2';
import type { MappingContext, NormalizedRecord } from '../../../core/model.js';
import type { ListPageInput } from '../../types.js';
import { sdkRegion, type AwsClients } from '../clients.js';
import type { AwsKind } from '../kind.js';
import type { AwsCredentials } from '../credentials.js';
import { withLinks } from '../../../core/links.js';
import { applicationLinks, capitalize, compact, mapTags, tagValue, toDate } from '../normalize-helpers.js';
import { instanceTypeCache, type InstanceTypeCache, type InstanceTypeSpec } from './ec2-instance-types.js';
import { ec2Kind } from './ec2-paging.js';

/**
 * The field listPage adds to each raw instance: its type's vCPUs and memory from DescribeInstanceTypes
 * (absent when EC2 does not know the type or the credentials may not describe types). Lower-case, so it
 * cannot collide with an AWS field.
 */
export const INSTANCE_TYPE_FIELD = 'discoveryInstanceType';

export type EnrichedInstance = Instance & { [INSTANCE_TYPE_FIELD]?: InstanceTypeSpec };

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
  // From DescribeInstanceTypes (spec §7.5 hook cpuAndMemoryByInstanceType): vCPUs, memory in GiB.
  'cpu',
  'memory',
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
  const i = raw as EnrichedInstance;
  const type = i[INSTANCE_TYPE_FIELD];
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
    cpu: type?.vcpus,
    // GiB, as Maestro's flavors state memory (the original hook read `memory` from flavors_public).
    memory: type ? type.memoryMiB / 1024 : undefined,
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

/**
 * EC2 instances. Each page is enriched with its instance types' vCPUs and memory (one batched
 * DescribeInstanceTypes for the types `cache` does not hold yet), so normalize stays pure.
 */
export function ec2Instances(clients: AwsClients, cache: InstanceTypeCache = instanceTypeCache): AwsKind {
  const base = ec2Kind(clients, {
    command: 'ec2.describeInstances',
    fields: EC2_INSTANCE_FIELDS,
    maxResults: { min: 5, max: 1000 },
    send: (ec2, page, signal) =>
      ec2.send(new DescribeInstancesCommand(page), { abortSignal: signal }).then((o) => ({
        items: (o.Reservations ?? []).flatMap((r) => r.Instances ?? []),
        nextToken: o.NextToken,
      })),
    normalize: normalizeEc2Instance,
  });
  return {
    ...base,
    async listPage(input: ListPageInput<AwsCredentials>) {
      const page = await base.listPage(input);
      const instances = page.items as Instance[];
      const types = instances.flatMap((i): string[] => (i.InstanceType ? [i.InstanceType] : []));
      if (types.length === 0) return page;
      const specs = await cache.lookup(
        clients.ec2Client(input.connection.credentials, input.region),
        input.connection.credentials,
        sdkRegion(input.region),
        types,
        input.signal,
      );
      const items = instances.map((i): EnrichedInstance => {
        const spec = i.InstanceType ? specs.get(i.InstanceType) : undefined;
        return spec ? { ...i, [INSTANCE_TYPE_FIELD]: spec } : i;
      });
      return { ...page, items };
    },
  };
}
