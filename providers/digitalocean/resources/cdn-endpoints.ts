import type { MappingContext, NormalizedRecord } from '../../../core/model.js';
import type { DoApi } from '../api.js';
import { appRecord, dcBase, idOf, toDate, type AppLabel } from '../records.js';
import { appKindFields, doKind } from './kind.js';

/**
 * CDN endpoints → `applications`, provider `CDN (DigitalOcean)`, family `CDN`, `type: "Web"` (spec
 * §6.7; DO `GET /v2/cdn/endpoints`): `name` is the endpoint's host name. Added to `role`: the custom
 * domain. A listed endpoint is `active`.
 */
export const CDN_LABEL: AppLabel = { provider: 'CDN (DigitalOcean)', family: 'CDN' };
export const CDN_FIELDS = appKindFields('name', 'role', 'type', 'created_at');

export function normalizeCdnEndpoint(raw: unknown, ctx: MappingContext): NormalizedRecord[] {
  const e = raw as Record<string, unknown>;
  const id = idOf(e.id);
  if (!id) return [];
  return [
    appRecord(CDN_LABEL, id, true, {
      name: e.endpoint,
      role: { origins: e.origin, endpoint: e.endpoint, ttl: e.ttl, custom_domain: e.custom_domain },
      type: 'Web',
      created_at: toDate(e.created_at),
      datacenters: dcBase(ctx),
    }),
  ];
}

export const cdnEndpointsKind = (api: DoApi) =>
  doKind(api, {
    command: 'cdn_endpoints.list',
    path: '/v2/cdn/endpoints',
    resultKey: 'endpoints',
    fields: CDN_FIELDS,
    normalize: normalizeCdnEndpoint,
  });
