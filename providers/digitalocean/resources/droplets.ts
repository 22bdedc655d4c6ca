import { withLinks } from '../../../core/links.js';
import type { MappingContext, NormalizedRecord } from '../../../core/model.js';
import type { DoApi } from '../api.js';
import { dcBlock, idOf, record, tagFields, tagLinks, toDate } from '../records.js';
import { doKind, kindFields } from './kind.js';

/**
 * Droplets → `servers` (spec §6.7 "Droplets"; DO `GET /v2/droplets`). Deliberate changes:
 * - `unique_id` is the droplet id (as a string) and is the key, not `ipv4_private` (§12.7: private IPs
 *   collide across VPCs and accounts);
 * - `memory` in GiB (`memory` MiB / 1024), as the AWS servers state it; the original divided by 1000;
 * - `status` is added (the original had none): new/active → `Active`, off → `Stopped`, archive →
 *   `Archived`; `active` keeps §6.7's rule (false for `off` and `archive`);
 * - `image` keeps the image's identity (id, name, slug, distribution, type) rather than the whole image
 *   object with its region list;
 * - `tags` (`[{key, value}]`), `environment` and application links come from the droplet's tags.
 */
export const DROPLET_FIELDS = kindFields(
  'name',
  'cpu',
  'memory',
  'image',
  'backup_ids',
  'next_backup_window',
  'snapshot_ids',
  'ipv4_private',
  'ipv4_public',
  'storage',
  'created_at',
  'status',
  'tags',
  'environment',
);

const STATUS: Record<string, string> = {
  new: 'Active',
  active: 'Active',
  off: 'Stopped',
  archive: 'Archived',
};
const INACTIVE = new Set(['off', 'archive']);

interface DoNetwork {
  ip_address?: string;
  type?: string;
}

export function normalizeDroplet(raw: unknown, ctx: MappingContext): NormalizedRecord[] {
  const d = raw as Record<string, unknown>;
  const id = idOf(d.id);
  if (!id) return [];
  const v4 = (d.networks as { v4?: DoNetwork[] } | undefined)?.v4 ?? [];
  const image = d.image as Record<string, unknown> | undefined;
  const window = d.next_backup_window as { start?: string; end?: string } | undefined;
  const volumes = Array.isArray(d.volume_ids) ? (d.volume_ids as unknown[]).map(idOf) : [];
  const status = typeof d.status === 'string' ? d.status : '';
  const active = !INACTIVE.has(status);
  return [
    withLinks(
      record(id, active, {
        name: d.name,
        cpu: d.vcpus,
        memory: typeof d.memory === 'number' ? d.memory / 1024 : undefined,
        image: image && {
          id: idOf(image.id),
          name: image.name,
          slug: image.slug,
          distribution: image.distribution,
          type: image.type,
        },
        backup_ids: d.backup_ids,
        next_backup_window: window && { start: toDate(window.start), end: toDate(window.end) },
        snapshot_ids: d.snapshot_ids,
        ipv4_private: v4.find((n) => n.type === 'private')?.ip_address,
        ipv4_public: v4.find((n) => n.type === 'public')?.ip_address,
        storage: [
          ...volumes
            .filter((v): v is string => v !== undefined)
            .map((v) => ({ name: `v-${v}`, unique_id: v, status: 'Active' })),
          ...(typeof d.disk === 'number' ? [{ size: d.disk, name: 'v-built', status: 'Active' }] : []),
        ],
        created_at: toDate(d.created_at),
        status: STATUS[status],
        ...tagFields(d.tags),
        datacenters: dcBlock(ctx, d),
      }),
      tagLinks(d.tags),
    ),
  ];
}

export const dropletsKind = (api: DoApi) =>
  doKind(api, {
    command: 'droplets.list',
    path: '/v2/droplets',
    resultKey: 'droplets',
    fields: DROPLET_FIELDS,
    normalize: normalizeDroplet,
  });
