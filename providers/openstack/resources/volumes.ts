import type { MappingContext, NormalizedRecord } from '../../../core/model.js';
import { bool, datacenter, fields, metadataTags, num, record, str, toDate } from '../record.js';

/**
 * Cinder v3 volumes (`GET /v3/{project}/volumes/detail`) → `volumes` (spec §6.8 "Volumes", status map as
 * for AWS volumes, §6.5). Deliberate changes: `datacenters._id` is `dc_id` (§12.5) and `zone` the
 * volume's availability zone; `encrypted: false` and `bootable: false` are written (§12.6); `image_id`,
 * `image_name`, `container_format` come from `volume_image_metadata`, where Cinder puts them.
 */
export const VOLUME_FIELDS = fields(
  'name',
  'description',
  'size',
  'status',
  'volume_type',
  'encrypted',
  'bootable',
  'multiattach',
  'snapshot_id',
  'source_volume_id',
  'migration_id',
  'image_id',
  'image_name',
  'container_format',
  'project_id',
  'attachments',
  'tags',
  'created_at',
  'updated_at',
  'service',
);

const STATUS: Record<string, string> = {
  creating: 'Active',
  available: 'Available',
  'in-use': 'Active',
  deleting: 'Deleted',
  deleted: 'Deleted',
  error: 'Error',
  error_deleting: 'Error',
};
const INACTIVE = new Set(['deleting', 'deleted', 'error', 'error_deleting']);

export function normalizeVolume(raw: unknown, ctx: MappingContext): NormalizedRecord[] {
  const v = raw as Record<string, unknown>;
  const id = str(v.id);
  if (!id) return [];
  const status = str(v.status) ?? '';
  const image = (v.volume_image_metadata ?? {}) as Record<string, unknown>;
  return [
    record(
      id,
      !INACTIVE.has(status),
      {
        name: str(v.name) ?? id,
        description: str(v.description),
        size: num(v.size),
        status: STATUS[status],
        volume_type: str(v.volume_type),
        encrypted: v.encrypted,
        bootable: bool(v.bootable),
        multiattach: v.multiattach,
        snapshot_id: str(v.snapshot_id),
        source_volume_id: str(v.source_volid),
        migration_id: str(v['os-vol-mig-status-attr:name_id']),
        image_id: str(image.image_id),
        image_name: str(image.image_name),
        container_format: str(image.container_format),
        project_id: str(v['os-vol-tenant-attr:tenant_id']),
        attachments: ((v.attachments ?? []) as Record<string, unknown>[]).map((a) => ({
          server_id: a.server_id,
          device: a.device,
          attachment_id: a.attachment_id,
          attached_at: toDate(a.attached_at),
        })),
        tags: metadataTags(v.metadata),
        created_at: toDate(v.created_at),
        updated_at: toDate(v.updated_at),
        service: 'block-storage',
        datacenters: datacenter(ctx, { zone: v.availability_zone }),
      },
      v.metadata,
    ),
  ];
}
