import type { Document } from 'mongodb';
import { BadRequestError, NotFoundError } from '../core/errors.js';
import { ENTITIES, isEntity, type Entity } from '../core/model.js';
import type { ChangeDoc } from '../store/changes.js';
import type { InventoryPageQuery } from '../store/inventory.js';
import { resolveProvider } from './catalogue.js';
import { idString } from '../core/ids.js';
import { loadConnection } from './connections.js';
import { callerTenant, type Caller, type ServiceDeps } from './deps.js';
import { decodeIdCursor, pageLimit, toPage, type Page, type PageRequest } from './pagination.js';

export interface InventoryQuery extends PageRequest {
  connectionId?: string;
  /** Provider by any of its names ("aws", "AWS", "iam_aws"). */
  provider?: string;
  /** Region code ("us-east-1") or the full label. */
  region?: string;
  active?: boolean;
}

/** An inventory document as stored (Maestro's fields), with `_id` as a string and bookkeeping kept. */
export type ResourceView = Record<string, unknown> & { id: string; entity: Entity };

export interface ChangeView {
  id: string;
  kind: string;
  runId: string;
  scope: string;
  at: string;
  diff: unknown[];
  unset: string[];
}

export function parseEntity(entity: string): Entity {
  if (!isEntity(entity)) throw new BadRequestError('entity', `must be one of ${ENTITIES.join(', ')}`);
  return entity;
}

function resourceView(entity: Entity, doc: Document): ResourceView {
  const { _id, ...rest } = doc;
  return { id: idString(_id) ?? '', entity, ...rest };
}

/** Inventory of one entity collection, filtered, in `_id` order with a cursor; the caller's tenant only. */
export async function listResources(
  deps: ServiceDeps,
  caller: Caller,
  entityName: string,
  query: InventoryQuery = {},
): Promise<Page<ResourceView>> {
  const entity = parseEntity(entityName);
  const limit = pageLimit(query.limit);
  const filter: InventoryPageQuery = {};
  const tenant = callerTenant(caller);
  if (tenant !== undefined) filter.tenantId = tenant;
  if (query.connectionId !== undefined) {
    const doc = await loadConnection(deps, caller, query.connectionId);
    filter.connectionId = idString(doc._id) ?? query.connectionId;
  }
  if (query.provider !== undefined) {
    const p = resolveProvider(deps.providers, query.provider);
    if (!p) throw new BadRequestError('provider', `unknown provider "${query.provider}"`);
    filter.providerLabel = p.label;
  }
  if (query.region !== undefined) {
    const r = query.region.trim();
    if (r === '') throw new BadRequestError('region', 'must not be empty');
    filter.region = r;
  }
  if (query.active !== undefined) filter.active = query.active;
  if (query.cursor !== undefined) filter.afterId = decodeIdCursor(query.cursor, 'inventory');
  const docs = await deps.store.inventory.page(entity, filter, limit);
  return toPage(
    docs,
    limit,
    (d) => resourceView(entity, d),
    (d) => d._id.toHexString(),
  );
}

function changeView(c: ChangeDoc): ChangeView {
  return {
    id: c._id,
    kind: c.kind,
    runId: c.run_id,
    scope: c.scope,
    at: c.at instanceof Date ? c.at.toISOString() : String(c.at),
    diff: c.diff ?? [],
    unset: c.unset ?? [],
  };
}

/** One resource by id, with its change history (newest first, at most `historyLimit` entries). */
export async function getResource(
  deps: ServiceDeps,
  caller: Caller,
  entityName: string,
  id: string,
  historyLimit = 100,
): Promise<{ resource: ResourceView; history: ChangeView[] }> {
  const entity = parseEntity(entityName);
  const doc = await deps.store.inventory.findById(entity, id);
  const tenant = callerTenant(caller);
  if (!doc || (tenant !== undefined && doc.tenant_id !== tenant)) throw new NotFoundError(entity, id);
  const history = await deps.store.changes.history(doc.connection_id, entity, doc.unique_id, historyLimit);
  return { resource: resourceView(entity, doc), history: history.map(changeView) };
}
