import type { MappingContext, NormalizedRecord } from '../../../core/model.js';
import type { DoApi } from '../api.js';
import { dcBlock, idOf, record, tagFields, toDate } from '../records.js';
import { doKind, kindFields } from './kind.js';

/**
 * Block storage volumes → `volumes` (spec §6.7 "Volumes"; DO `GET /v2/volumes`): `status` is always
 * `Active` and `active` true (a listed volume exists). Added: `created_at`, `tags`, `environment`, and
 * `servers` (the ids of the droplets it is attached to).
 */
export const VOLUME_FIELDS = kindFields(
  'name',
  'size',
  'fftype',
  'label',
  'description',
  'servers',
  'created_at',
  'status',
  'tags',
  'environment',
);

export function normalizeVolume(raw: unknown, ctx: MappingContext): NormalizedRecord[] {
  const v = raw as Record<string, unknown>;
  const id = idOf(v.id);
  if (!id) return [];
  return [
    record(id, true, {
      name: v.name,
      size: v.size_gigabytes,
      fftype: v.filesystem_type,
      label: v.filesystem_label,
      description: v.description,
      servers: Array.isArray(v.droplet_ids) ? (v.droplet_ids as unknown[]).map(idOf) : undefined,
      created_at: toDate(v.created_at),
      status: 'Active',
      ...tagFields(v.tags),
      datacenters: dcBlock(ctx, v),
    }),
  ];
}

export const volumesKind = (api: DoApi) =>
  doKind(api, {
    command: 'volumes.list',
    path: '/v2/volumes',
    resultKey: 'volumes',
    fields: VOLUME_FIELDS,
    normalize: normalizeVolume,
  });
