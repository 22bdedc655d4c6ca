import type { MappingContext, NormalizedRecord } from '../../../core/model.js';
import { compact, gcpDatacenter, toDate } from '../normalize-helpers.js';

/** Fields every GCP `networks` record has, before its kind's own. */
export const NETWORK_COMMON_FIELDS = [
  'name',
  'unique_id',
  'description',
  'family',
  'status',
  'active',
  'created_at',
  'datacenters',
] as const;

interface NetworkLike {
  id?: string;
  name?: string;
  description?: string;
  creationTimestamp?: string;
  region?: string;
  selfLink?: string;
}

/**
 * One `networks` record (spec §6.5 network types, written for GCP): `unique_id` the numeric `id`,
 * `family` the kind (Vpc, Subnet, Route, Firewall, as AWS's families), `status` Active unless the kind
 * says otherwise. None of these resources has labels, so there are no `tags`/`environment`.
 */
export function gcpNetworkRecord(
  family: string,
  raw: NetworkLike,
  ctx: MappingContext,
  own: Record<string, unknown>,
  state: { status?: string; active?: boolean } = {},
): NormalizedRecord[] {
  if (!raw.id) return [];
  const record = compact({
    name: raw.name,
    description: raw.description,
    family,
    status: state.status ?? 'Active',
    created_at: toDate(raw.creationTimestamp),
    datacenters: gcpDatacenter(ctx, raw),
    ...own,
  });
  return [{ ...record, unique_id: raw.id, active: state.active ?? true }];
}
