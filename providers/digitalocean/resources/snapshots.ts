import type { MappingContext, NormalizedRecord } from '../../../core/model.js';
import type { DoApi } from '../api.js';
import { dcBlock, idOf, record, tagFields, toDate } from '../records.js';
import { doKind, kindFields } from './kind.js';

/**
 * Droplet and volume snapshots → `snapshots` (DO `GET /v2/snapshots`), with a mapping of their own:
 * the original translated them with the images rules (spec §3.1), which look for `status`,
 * `distribution`, `slug` and `public` that a snapshot does not have. Here: `name`, `size`
 * (`size_gigabytes`), `min_disk_size`, `regions`, `resource_type`, `resource_id`, and `volume_id` /
 * `server_id` naming the snapshotted volume or droplet (Maestro's snapshots carry `volume_id`).
 * A listed snapshot exists: `active` true, `status` `Available`.
 */
export const SNAPSHOT_FIELDS = kindFields(
  'name',
  'size',
  'min_disk_size',
  'regions',
  'resource_type',
  'resource_id',
  'volume_id',
  'server_id',
  'created_at',
  'status',
  'tags',
  'environment',
);

export function normalizeSnapshot(raw: unknown, ctx: MappingContext): NormalizedRecord[] {
  const s = raw as Record<string, unknown>;
  const id = idOf(s.id);
  if (!id) return [];
  const resource = idOf(s.resource_id);
  return [
    record(id, true, {
      name: s.name,
      size: s.size_gigabytes,
      min_disk_size: s.min_disk_size,
      regions: s.regions,
      resource_type: s.resource_type,
      resource_id: resource,
      volume_id: s.resource_type === 'volume' ? resource : undefined,
      server_id: s.resource_type === 'droplet' ? resource : undefined,
      created_at: toDate(s.created_at),
      status: 'Available',
      ...tagFields(s.tags),
      datacenters: dcBlock(ctx, s),
    }),
  ];
}

export const snapshotsKind = (api: DoApi) =>
  doKind(api, {
    command: 'snapshots.list',
    path: '/v2/snapshots',
    resultKey: 'snapshots',
    fields: SNAPSHOT_FIELDS,
    normalize: normalizeSnapshot,
  });
