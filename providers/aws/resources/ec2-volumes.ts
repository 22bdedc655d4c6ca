import { DescribeVolumesCommand, type Volume } from '@aws-sdk/client-ec2';
import type { MappingContext, NormalizedRecord } from '../../../core/model.js';
import type { AwsClients } from '../clients.js';
import type { AwsKind } from '../kind.js';
import { appDatacenter, capitalize, compact, mapTags, tagValue, toDate } from '../normalize-helpers.js';
import { ec2Kind } from './ec2-paging.js';

/** EBS volumes → `volumes` (spec §6.5 "Volumes"; `created_at` from `CreateTime`, fixing §12.5). */
export const EC2_VOLUME_FIELDS = [
  'unique_id',
  'name',
  'environment',
  'availability_zone',
  'attachments',
  'encrypted',
  'kms_key_id',
  'size',
  'snapshot_id',
  'volume_type',
  'iops',
  'status',
  'active',
  'created_at',
  'tags',
  'datacenters',
] as const;

const STATUS: Record<string, string> = {
  creating: 'Active',
  available: 'Available',
  'in-use': 'Active',
  deleting: 'Deleted',
  deleted: 'Deleted',
  error: 'Error',
};
const INACTIVE = new Set(['deleting', 'deleted', 'error']);

export function normalizeEc2Volume(raw: unknown, ctx: MappingContext): NormalizedRecord[] {
  const v = raw as Volume;
  if (!v.VolumeId) return [];
  const state = v.State ?? '';
  const record = compact({
    unique_id: v.VolumeId,
    name: capitalize(tagValue(v.Tags, 'Name')),
    environment: capitalize(tagValue(v.Tags, 'environment')),
    availability_zone: v.AvailabilityZone,
    attachments: v.Attachments?.map((a) =>
      compact({
        InstanceId: a.InstanceId,
        Device: a.Device,
        State: a.State,
        AttachTime: toDate(a.AttachTime),
        DeleteOnTermination: a.DeleteOnTermination,
        VolumeId: a.VolumeId,
      }),
    ),
    encrypted: v.Encrypted,
    kms_key_id: v.KmsKeyId,
    size: v.Size,
    snapshot_id: v.SnapshotId,
    volume_type: v.VolumeType,
    iops: v.Iops,
    status: STATUS[state],
    created_at: toDate(v.CreateTime),
    tags: mapTags(v.Tags),
    datacenters: appDatacenter(ctx, v as Record<string, unknown>),
  });
  return [{ ...record, unique_id: v.VolumeId, active: !INACTIVE.has(state) }];
}

export function ec2Volumes(clients: AwsClients): AwsKind {
  return ec2Kind(clients, {
    command: 'ec2.describeVolumes',
    fields: EC2_VOLUME_FIELDS,
    maxResults: { min: 5, max: 500 },
    send: (ec2, page, signal) =>
      ec2
        .send(new DescribeVolumesCommand(page), { abortSignal: signal })
        .then((o) => ({ items: o.Volumes, nextToken: o.NextToken })),
    normalize: normalizeEc2Volume,
  });
}
