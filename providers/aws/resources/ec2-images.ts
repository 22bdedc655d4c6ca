import { DescribeImagesCommand, type Image } from '@aws-sdk/client-ec2';
import type { MappingContext, NormalizedRecord } from '../../../core/model.js';
import type { AwsClients } from '../clients.js';
import type { AwsKind } from '../kind.js';
import {
  activeUnless,
  appDatacenter,
  awsRecord,
  capitalize,
  compact,
  mapTags,
  tagValue,
  toDate,
} from '../normalize-helpers.js';
import { ec2Kind } from './ec2-paging.js';

/**
 * AMIs → `images` (spec §6.5 "ec2 describe_images"). The original listed them in one unpaged call;
 * DescribeImages pages with MaxResults/NextToken, used here. `tags` is added as for volumes.
 */
export const EC2_IMAGE_FIELDS = [
  'unique_id',
  'name',
  'environment',
  'image_location',
  'image_type',
  'public',
  'kernel_id',
  'platform',
  'product_codes',
  'storage',
  'description',
  'ena_support',
  'hypervisor',
  'root_device_name',
  'root_device_type',
  'state_reason',
  'status',
  'active',
  'created_at',
  'tags',
  'datacenters',
] as const;

const INACTIVE = ['deregistered', 'invalid', 'transient', 'failed', 'error'];

export function normalizeEc2Image(raw: unknown, ctx: MappingContext): NormalizedRecord[] {
  const i = raw as Image;
  if (!i.ImageId) return [];
  return [
    awsRecord(i.ImageId, activeUnless(i.State, INACTIVE), {
      unique_id: i.ImageId,
      name: i.Name,
      environment: capitalize(tagValue(i.Tags, 'environment')),
      image_location: i.ImageLocation,
      image_type: i.ImageType,
      public: i.Public,
      kernel_id: i.KernelId,
      platform: i.Platform,
      product_codes: i.ProductCodes,
      storage: i.BlockDeviceMappings?.map((b) =>
        compact({
          name: b.DeviceName,
          virtual_name: b.VirtualName,
          delete_termination: b.Ebs?.DeleteOnTermination,
          iops: b.Ebs?.Iops,
          kms_key_id: b.Ebs?.KmsKeyId,
          snapshot_id: b.Ebs?.SnapshotId,
          volume_size: b.Ebs?.VolumeSize,
          volume_type: b.Ebs?.VolumeType,
        }),
      ),
      description: i.Description,
      ena_support: i.EnaSupport,
      hypervisor: i.Hypervisor,
      root_device_name: i.RootDeviceName,
      root_device_type: i.RootDeviceType,
      state_reason: i.StateReason,
      status: capitalize(i.State),
      created_at: toDate(i.CreationDate),
      tags: mapTags(i.Tags),
      datacenters: appDatacenter(ctx, i as Record<string, unknown>),
    }),
  ];
}

/** `owners`: MAESTRO_OWNERIDS (see ec2-owners.ts). */
export function ec2Images(clients: AwsClients, owners: readonly string[]): AwsKind {
  return ec2Kind(clients, {
    command: 'ec2.describeImages',
    fields: EC2_IMAGE_FIELDS,
    maxResults: { min: 5, max: 1000 },
    send: (ec2, page, signal) =>
      ec2
        .send(new DescribeImagesCommand({ ...page, Owners: [...owners] }), { abortSignal: signal })
        .then((o) => ({ items: o.Images, nextToken: o.NextToken })),
    normalize: normalizeEc2Image,
  });
}
