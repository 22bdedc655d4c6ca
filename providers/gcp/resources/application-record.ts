import { withLinks } from '../../../core/links.js';
import type { MappingContext, NormalizedRecord } from '../../../core/model.js';
import { applicationRecord } from '../../kit/index.js';
import { applicationLinks, gcpDatacenter, labelTags, labelValue, toDate } from '../normalize-helpers.js';

/** Fields every GCP `applications` record has, before its kind's own. */
export const APPLICATION_COMMON_FIELDS = [
  'name',
  'unique_id',
  'description',
  'environment',
  'tags',
  'provider',
  'family',
  'own',
  'status',
  'active',
  'created_at',
  'datacenters',
] as const;

interface AppLike {
  name?: string;
  description?: string;
  creationTimestamp?: string;
  labels?: Record<string, string>;
  region?: string;
  selfLink?: string;
}

/**
 * One `applications` record (providers/kit `applicationRecord`: `provider`, `family`, `own: 1`), linked to Maestro
 * applications through its `applications` / `applications_id` labels (spec §6.4).
 */
export function gcpApplicationRecord(
  labels: { provider: string; family: string },
  uniqueId: string,
  raw: AppLike,
  ctx: MappingContext,
  own: Record<string, unknown>,
  dcRaw: { zone?: string; region?: string; selfLink?: string } = raw,
): NormalizedRecord[] {
  const record = applicationRecord(
    labels,
    uniqueId,
    true,
    {
      name: raw.name,
      description: raw.description,
      environment: labelValue(raw.labels, 'environment'),
      tags: labelTags(raw.labels),
      status: 'Active',
      created_at: toDate(raw.creationTimestamp),
      ...own,
    },
    gcpDatacenter(ctx, dcRaw),
  );
  return [withLinks(record, applicationLinks(raw.labels))];
}
