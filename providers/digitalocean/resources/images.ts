import type { MappingContext, NormalizedRecord } from '../../../core/model.js';
import type { DoApi } from '../api.js';
import { capitalize, dcBlock, idOf, record, tagFields, toDate } from '../records.js';
import { doKind, kindFields } from './kind.js';

/**
 * The account's own images → `images` (spec §6.7 "Images"; DO `GET /v2/images?private=true`, the
 * original's `get_my_images`): `status` capitalized, `active` false once `deleted` (and, added, once
 * `retired`). `public`/`false` and `min_disk_size: 0` are kept (§12.6). Added: `created_at`, `tags`.
 */
export const IMAGE_FIELDS = kindFields(
  'name',
  'distribution',
  'slug',
  'public',
  'regions',
  'min_disk_size',
  'type',
  'size',
  'description',
  'created_at',
  'status',
  'tags',
  'environment',
);

const INACTIVE = new Set(['deleted', 'retired']);

export function normalizeImage(raw: unknown, ctx: MappingContext): NormalizedRecord[] {
  const i = raw as Record<string, unknown>;
  const id = idOf(i.id);
  if (!id) return [];
  const status = typeof i.status === 'string' ? i.status.toLowerCase() : '';
  return [
    record(id, !INACTIVE.has(status), {
      name: i.name,
      distribution: i.distribution,
      slug: i.slug,
      public: i.public,
      regions: i.regions,
      min_disk_size: i.min_disk_size,
      type: i.type,
      size: i.size_gigabytes,
      description: i.description,
      created_at: toDate(i.created_at),
      status: capitalize(i.status),
      ...tagFields(i.tags),
      datacenters: dcBlock(ctx, i),
    }),
  ];
}

export const imagesKind = (api: DoApi) =>
  doKind(api, {
    command: 'images.list',
    path: '/v2/images',
    resultKey: 'images',
    query: { private: 'true' },
    fields: IMAGE_FIELDS,
    normalize: normalizeImage,
  });
