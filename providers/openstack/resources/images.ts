import type { MappingContext, NormalizedRecord } from '../../../core/model.js';
import { capitalize, datacenter, fields, num, record, str, toDate } from '../record.js';

/**
 * Glance v2 images (`GET /v2/images`) → `images` (spec §6.8 "Images"). The original listed them through
 * Nova's image proxy (`compute.images`), which Nova removed at microversion 2.36; Glance is the image
 * service. SDK artefacts of the original (`resources_key`, `progress`, `metadata`) have no Glance
 * source and are not written; Glance's own fields are. `active` is false once an image is deleted,
 * killed or deactivated.
 */
export const IMAGE_FIELDS = fields(
  'name',
  'size',
  'virtual_size',
  'status',
  'min_disk',
  'min_ram',
  'disk_format',
  'container_format',
  'visibility',
  'protected',
  'checksum',
  'project_id',
  'tags',
  'created_at',
  'updated_at',
  'service',
);

const INACTIVE = new Set(['deleted', 'pending_delete', 'killed', 'deactivated']);

export function normalizeImage(raw: unknown, ctx: MappingContext): NormalizedRecord[] {
  const i = raw as Record<string, unknown>;
  const id = str(i.id);
  if (!id) return [];
  const status = str(i.status) ?? '';
  return [
    record(id, !INACTIVE.has(status), {
      name: str(i.name),
      size: num(i.size),
      virtual_size: num(i.virtual_size),
      status: capitalize(status),
      min_disk: num(i.min_disk),
      min_ram: num(i.min_ram),
      disk_format: str(i.disk_format),
      container_format: str(i.container_format),
      visibility: str(i.visibility),
      protected: i.protected,
      checksum: str(i.checksum),
      project_id: str(i.owner),
      tags: ((i.tags ?? []) as unknown[])
        .filter((t): t is string => typeof t === 'string' && t !== '')
        .map((t) => ({ key: t, value: 'true' })),
      created_at: toDate(i.created_at),
      updated_at: toDate(i.updated_at),
      service: 'image',
      datacenters: datacenter(ctx),
    }),
  ];
}
