import type { MappingContext, NormalizedRecord } from '../../../core/model.js';
import { normalizeTemplate, templateFields, type TemplateKind } from './template.js';

/**
 * `server-import` → `servers` (spec §6.9). `unique_id`: the object's `unique_id`, else its `hostname`,
 * `name`, then `ipv4_private` (the original matched servers by `ipv4_private` alone, spec §12.7).
 * `name` falls back to `hostname`.
 */
export const FILE_SERVERS: TemplateKind = {
  passThrough: [
    'name',
    'hostname',
    'ipv4_private',
    'ipv4_public',
    'role',
    'environment',
    'os',
    'services',
    'tags',
    'cpu',
    'memory',
    'auth',
    'status',
  ],
  idFrom: ['unique_id', 'hostname', 'name', 'ipv4_private'],
};
export const FILE_SERVER_FIELDS = templateFields(FILE_SERVERS);

export function normalizeFileServer(raw: unknown, ctx: MappingContext): NormalizedRecord[] {
  // No `name`: the hostname, as the original's file mapper named servers.
  return normalizeTemplate(FILE_SERVERS, raw, ctx).map((r) =>
    r.name === undefined && r.hostname !== undefined ? { ...r, name: r.hostname } : r,
  );
}
