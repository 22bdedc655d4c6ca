import type { MappingContext, NormalizedRecord } from '../../../core/model.js';
import { capitalize, datacenter, fields, metadataTags, num, record, str, toDate } from '../record.js';

/**
 * Cinder v3 snapshots (`GET /v3/{project}/snapshots/detail`) → `snapshots` (spec §6.8 "Snapshots").
 * Deliberate changes: `datacenters._id` is `dc_id` (§12.5); `updated_at` and `description` written;
 * `active` is false once the snapshot is deleted or in error (the original left it unset).
 */
export const SNAPSHOT_FIELDS = fields(
  'name',
  'description',
  'volume_id',
  'volume_size',
  'progress',
  'project_id',
  'status',
  'tags',
  'created_at',
  'updated_at',
  'service',
);

const INACTIVE = new Set(['deleting', 'deleted', 'error', 'error_deleting']);

export function normalizeSnapshot(raw: unknown, ctx: MappingContext): NormalizedRecord[] {
  const s = raw as Record<string, unknown>;
  const id = str(s.id);
  if (!id) return [];
  const status = str(s.status) ?? '';
  return [
    record(id, !INACTIVE.has(status), {
      name: str(s.name) ?? id,
      description: str(s.description),
      volume_id: str(s.volume_id),
      volume_size: num(s.size),
      progress: str(s['os-extended-snapshot-attributes:progress']),
      project_id: str(s['os-extended-snapshot-attributes:project_id']),
      status: capitalize(status),
      tags: metadataTags(s.metadata),
      created_at: toDate(s.created_at),
      updated_at: toDate(s.updated_at),
      service: 'block-storage',
      datacenters: datacenter(ctx),
    }),
  ];
}
