import type { MappingContext, NormalizedRecord } from '../../../core/model.js';
import type { DoApi } from '../api.js';
import { dcBlock, idOf, record } from '../records.js';
import { doKind, kindFields } from './kind.js';

/**
 * Reserved IPs → `networks`, family `ReservedIp` (added to network-list; DO `GET /v2/reserved_ips`).
 * DO names a reserved IP by its address, so the address is both `unique_id` and `name`; `server_id` is
 * the droplet it is assigned to (absent when unassigned). A listed address is `active`.
 */
export const RESERVED_IP_FIELDS = kindFields(
  'name',
  'family',
  'ip_address',
  'server_id',
  'locked',
  'project_id',
);

export function normalizeReservedIp(raw: unknown, ctx: MappingContext): NormalizedRecord[] {
  const r = raw as Record<string, unknown>;
  const ip = typeof r.ip === 'string' && r.ip !== '' ? r.ip : undefined;
  if (!ip) return [];
  const droplet = r.droplet as { id?: unknown } | null | undefined;
  const { instance_id: _ignored, ...datacenters } = dcBlock(ctx, r);
  return [
    record(ip, true, {
      name: ip,
      family: 'ReservedIp',
      ip_address: ip,
      server_id: idOf(droplet?.id),
      locked: r.locked,
      project_id: r.project_id,
      datacenters,
    }),
  ];
}

export const reservedIpsKind = (api: DoApi) =>
  doKind(api, {
    command: 'reserved_ips.list',
    path: '/v2/reserved_ips',
    resultKey: 'reserved_ips',
    fields: RESERVED_IP_FIELDS,
    normalize: normalizeReservedIp,
  });
