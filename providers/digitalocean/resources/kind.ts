/** What every DigitalOcean kind shares: one paged GET of a `/v2/...` list (see api.ts). */
import type { MappingContext, NormalizedRecord } from '../../../core/model.js';
import type { ResourceKind } from '../../types.js';
import type { DoApi } from '../api.js';
import type { DoCredentials } from '../credentials.js';

export interface DoKindSpec {
  command: string;
  /** `/v2/droplets`. */
  path: string;
  /** The list's key in the body (`droplets`). */
  resultKey: string;
  query?: Record<string, string>;
  fields: readonly string[];
  normalize: (raw: unknown, ctx: MappingContext) => NormalizedRecord[];
}

/** A DO kind: the seam's ResourceKind, carrying its command id (the key of `resources`). */
export type DoKind = ResourceKind<DoCredentials> & { command: string };

export function doKind(api: DoApi, spec: DoKindSpec): DoKind {
  return {
    command: spec.command,
    fields: spec.fields,
    // DO lists are account-wide (the command is `per: 'account'`): no region to pass.
    listPage: ({ connection, pageSize, token, signal }) =>
      api.listPage({
        token: connection.credentials.token,
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
