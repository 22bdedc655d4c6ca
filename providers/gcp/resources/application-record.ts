import { withLinks } from '../../../core/links.js';
import type { MappingContext, NormalizedRecord } from '../../../core/model.js';
import {
  applicationLinks,
  compact,
  gcpDatacenter,
  labelTags,
  labelValue,
  toDate,
} from '../normalize-helpers.js';

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
 * One `applications` record (spec §6.3: `provider`, `family`, `own: 1`), linked to Maestro
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
  const record = compact({
    name: raw.name,
    description: raw.description,
    environment: labelValue(raw.labels, 'environment'),
    tags: labelTags(raw.labels),
    provider: labels.provider,
    family: labels.family,
    own: 1,
    status: 'Active',
    created_at: toDate(raw.creationTimestamp),
    datacenters: gcpDatacenter(ctx, dcRaw),
    ...own,
  });
  return [withLinks({ ...record, unique_id: uniqueId, active: true }, applicationLinks(raw.labels))];
}
