import type { MappingContext, NormalizedRecord } from '../../../core/model.js';
import type { DoApi } from '../api.js';
import { dcBlock, idOf, record, toDate } from '../records.js';
import { doKind, kindFields } from './kind.js';

/**
 * VPCs → `networks`, family `Vpc` (added to network-list; the original listed firewalls only; DO
 * `GET /v2/vpcs`). Field names follow the AWS VPC records: the range is `cidr_block`, the default flag
 * `is_default` (kept when false, §12.6). A listed VPC is `active`.
 */
export const VPC_FIELDS = kindFields(
  'name',
  'family',
  'cidr_block',
  'is_default',
  'description',
  'urn',
  'created_at',
);

export function normalizeVpc(raw: unknown, ctx: MappingContext): NormalizedRecord[] {
  const v = raw as Record<string, unknown>;
  const id = idOf(v.id);
  if (!id) return [];
  return [
    record(id, true, {
      name: v.name,
      family: 'Vpc',
      cidr_block: v.ip_range,
      is_default: v.default,
      description: v.description,
      urn: v.urn,
      created_at: toDate(v.created_at),
      datacenters: dcBlock(ctx, v),
    }),
  ];
}

export const vpcsKind = (api: DoApi) =>
  doKind(api, {
    command: 'vpcs.list',
    path: '/v2/vpcs',
    resultKey: 'vpcs',
    fields: VPC_FIELDS,
    normalize: normalizeVpc,
  });
