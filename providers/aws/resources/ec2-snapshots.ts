import { DescribeSnapshotsCommand, type Snapshot } from '@aws-sdk/client-ec2';
import type { MappingContext, NormalizedRecord } from '../../../core/model.js';
import type { AwsClients } from '../clients.js';
import type { AwsKind } from '../kind.js';
import {
  activeUnless,
  appDatacenter,
  awsRecord,
  capitalize,
  mapTags,
  tagValue,
  toDate,
} from '../normalize-helpers.js';
import { ec2Kind } from './ec2-paging.js';

/**
 * EBS snapshots → `snapshots` (spec §6.5 "ec2 describe_snapshots"). §12.5 fix: `state_message` is the
 * plain `StateMessage` (the original ran it through the image-storage mapper). `environment` and `tags`
 * are added as for volumes.
 */
export const EC2_SNAPSHOT_FIELDS = [
  'unique_id',
  'name',
  'environment',
  'data_encryption_key_id',
  'encrypted',
  'kms_key_id',
  'owner_id',
  'owner_alias',
  'progress',
  'start_time',
  'volume_id',
  'size',
  'state_message',
  'status',
  'active',
  'tags',
  'datacenters',
] as const;

export function normalizeEc2Snapshot(raw: unknown, ctx: MappingContext): NormalizedRecord[] {
  const s = raw as Snapshot;
  if (!s.SnapshotId) return [];
  return [
    awsRecord(s.SnapshotId, activeUnless(s.State, ['error']), {
      unique_id: s.SnapshotId,
      name: capitalize(tagValue(s.Tags, 'Name')),
      environment: capitalize(tagValue(s.Tags, 'environment')),
      data_encryption_key_id: s.DataEncryptionKeyId,
      encrypted: s.Encrypted,
      kms_key_id: s.KmsKeyId,
      owner_id: s.OwnerId,
      owner_alias: s.OwnerAlias,
      progress: s.Progress,
      start_time: toDate(s.StartTime),
      volume_id: s.VolumeId,
      size: s.VolumeSize,
      state_message: s.StateMessage,
      status: capitalize(s.State),
      tags: mapTags(s.Tags),
      datacenters: appDatacenter(ctx, s as Record<string, unknown>),
    }),
  ];
}

/** `ownerIds`: MAESTRO_OWNERIDS (see ec2-owners.ts). */
export function ec2Snapshots(clients: AwsClients, ownerIds: readonly string[]): AwsKind {
  return ec2Kind(clients, {
    command: 'ec2.describeSnapshots',
    fields: EC2_SNAPSHOT_FIELDS,
    maxResults: { min: 5, max: 1000 },
    send: (ec2, page, signal) =>
      ec2
        .send(new DescribeSnapshotsCommand({ ...page, OwnerIds: [...ownerIds] }), { abortSignal: signal })
        .then((o) => ({ items: o.Snapshots, nextToken: o.NextToken })),
    normalize: normalizeEc2Snapshot,
  });
}
