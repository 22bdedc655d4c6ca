import type { MappingContext, NormalizedRecord } from '../../../core/model.js';
import type { DoApi } from '../api.js';
import { capitalize, dcBase, idOf, record, tagFields, toDate } from '../records.js';
import { doKind, kindFields } from './kind.js';

/**
 * Cloud firewalls → `networks`, family `Firewall` (spec §6.7 "Firewalls"; DO `GET /v2/firewalls`):
 * rules, pending changes and droplets as DO states them, `status` capitalized, `active` false when
 * `failed`. Added: `created_at`, `tags` (the tags whose droplets the firewall covers).
 */
export const FIREWALL_FIELDS = kindFields(
  'name',
  'family',
  'inbound_rules',
  'outbound_rules',
  'pending_changes',
  'droplet_ids',
  'created_at',
  'status',
  'tags',
  'environment',
);

export function normalizeFirewall(raw: unknown, ctx: MappingContext): NormalizedRecord[] {
  const f = raw as Record<string, unknown>;
  const id = idOf(f.id);
  if (!id) return [];
  return [
    record(id, f.status !== 'failed', {
      name: f.name,
      family: 'Firewall',
      inbound_rules: f.inbound_rules,
      outbound_rules: f.outbound_rules,
      pending_changes: f.pending_changes,
      droplet_ids: f.droplet_ids,
      created_at: toDate(f.created_at),
      status: capitalize(f.status),
      ...tagFields(f.tags),
      datacenters: { ...dcBase(ctx), type: 'Virtual' },
    }),
  ];
}

export const firewallsKind = (api: DoApi) =>
  doKind(api, {
    command: 'firewalls.list',
    path: '/v2/firewalls',
    resultKey: 'firewalls',
    fields: FIREWALL_FIELDS,
    normalize: normalizeFirewall,
  });
