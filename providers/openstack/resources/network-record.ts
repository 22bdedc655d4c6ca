import type { MappingContext, NormalizedRecord } from '../../../core/model.js';
import { capitalize, datacenter, fields, PROVIDER_LABEL, record, str, toDate } from '../record.js';

/**
 * What every Neutron record carries (spec §6.8 "Networks"…"Security groups"): `name`, `family`,
 * `provider`, `status: cap`, `project_id`, `description`, `tags`, dates, `datacenters` with `_id: dc_id`
 * (§12.5). The original's network-list recipe had no `family`: each kind now writes its own, so the
 * sweep can tell them apart.
 */
export function networkFields(...own: string[]): readonly string[] {
  return fields(
    'name',
    'family',
    'provider',
    'status',
    'description',
    'project_id',
    'tags',
    'created_at',
    'updated_at',
    ...own,
  );
}

/** Neutron `tags` (plain strings) → `[{key, value}]` with the tag as key. */
function neutronTags(tags: unknown): { key: string; value: string }[] | undefined {
  const list = Array.isArray(tags) ? tags.filter((t): t is string => typeof t === 'string' && t !== '') : [];
  return list.length > 0 ? list.map((t) => ({ key: t, value: 'true' })) : undefined;
}

export function networkRecord(
  raw: unknown,
  ctx: MappingContext,
  family: string,
  own: Record<string, unknown>,
  dc: Record<string, unknown> = {},
): NormalizedRecord[] {
  const n = raw as Record<string, unknown>;
  const id = str(n.id);
  if (!id) return [];
  const status = str(n.status)?.toUpperCase();
  return [
    record(id, status !== 'ERROR', {
      name: str(n.name),
      family,
      provider: PROVIDER_LABEL,
      status: capitalize(status),
      description: str(n.description),
      project_id: str(n.project_id) ?? str(n.tenant_id),
      tags: neutronTags(n.tags),
      created_at: toDate(n.created_at),
      updated_at: toDate(n.updated_at),
      ...own,
      datacenters: datacenter(ctx, dc),
    }),
  ];
}
