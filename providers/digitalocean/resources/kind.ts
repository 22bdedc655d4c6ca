/** What every DigitalOcean kind shares: one paged GET of a `/v2/...` list (see api.ts). */
import type { Entity, MappingContext, NormalizedRecord } from '../../../core/model.js';
import type { ResourceKind } from '../../types.js';
import type { DoApi } from '../api.js';
import type { DoCredentials } from '../credentials.js';

export interface DoKindSpec {
  command: string;
  entity: Entity;
  /** `/v2/droplets`. */
  path: string;
  /** The list's key in the body (`droplets`). */
  resultKey: string;
  query?: Record<string, string>;
  fields: readonly string[];
  normalize: (raw: unknown, ctx: MappingContext) => NormalizedRecord[];
}

export function doKind(api: DoApi, spec: DoKindSpec): ResourceKind<DoCredentials> {
  return {
    command: spec.command,
    entity: spec.entity,
    // DO lists are account-wide: one scope per connection (its region is "all").
    global: true,
    fields: spec.fields,
    listPage: ({ credentials, pageSize, token, signal }) =>
      api.listPage({
        token: credentials.token,
        path: spec.path,
        resultKey: spec.resultKey,
        ...(spec.query ? { query: spec.query } : {}),
        pageSize,
        pageToken: token,
        signal,
      }),
    normalize: spec.normalize,
  };
}

/** A kind's FIELDS: its own, plus `unique_id`, `active` and `datacenters`, without duplicates. */
export function kindFields(...own: string[]): readonly string[] {
  return [...new Set([...own, 'unique_id', 'active', 'datacenters'])];
}

/** The FIELDS of an `applications` kind: its own plus the label constants (spec §6.3). */
export function appKindFields(...own: string[]): readonly string[] {
  return kindFields(...own, 'provider', 'family', 'own');
}
