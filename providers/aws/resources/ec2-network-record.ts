import type { MappingContext, NormalizedRecord } from '../../../core/model.js';
import {
  activeUnless,
  appDatacenter,
  awsRecord,
  capitalize,
  mapTags,
  tagValue,
} from '../normalize-helpers.js';
import type { AwsTag } from '../normalize-helpers.js';

/**
 * What every network-list / security-list record carries besides its own fields (spec §6.5: "All
 * network types also get environment (tag), tags, status: cap(State) and active", plus the App
 * `datacenters` block and the `family` of the command).
 */
export const NETWORK_COMMON_FIELDS = [
  'unique_id',
  'family',
  'environment',
  'tags',
  'status',
  'active',
  'datacenters',
] as const;

export interface NetworkParts {
  /** The resource id; an item without one yields no record. */
  id: string | undefined;
  family: string;
  tags: AwsTag[] | undefined;
  /** The provider state behind `status` (capitalized) and `active`. */
  state: string | undefined;
  /** States that make the record inactive (case-insensitive). */
  inactive?: readonly string[];
  /** The kind's own fields, before `family` and the common ones. */
  fields: Record<string, unknown>;
}

export function networkRecord(
  raw: Record<string, unknown>,
  ctx: MappingContext,
  parts: NetworkParts,
): NormalizedRecord[] {
  if (!parts.id) return [];
  return [
    awsRecord(parts.id, activeUnless(parts.state, parts.inactive ?? []), {
      unique_id: parts.id,
      ...parts.fields,
      family: parts.family,
      environment: capitalize(tagValue(parts.tags, 'environment')),
      tags: mapTags(parts.tags),
      status: capitalize(parts.state),
      datacenters: appDatacenter(ctx, raw),
    }),
  ];
}

/** `[...NETWORK_COMMON_FIELDS, ...own]`: the owned fields of a network kind. */
export function networkFields(...own: string[]): readonly string[] {
  return [...NETWORK_COMMON_FIELDS, ...own];
}
