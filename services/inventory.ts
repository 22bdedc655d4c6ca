import { ObjectId, type Document, type Filter } from 'mongodb';
import { BadRequestError, NotFoundError } from '../core/errors.js';
import { ENTITIES, isEntity, type Entity } from '../core/model.js';
import type { ChangeDoc } from '../store/changes.js';
import type { InventoryDoc } from '../store/inventory.js';
import { isObjectIdHex } from '../store/object-id.js';
import { resolveProvider } from './catalogue.js';
import { idString } from '../core/ids.js';
import { loadConnection } from './connections.js';
import { callerTenant, type Caller, type ServiceDeps } from './deps.js';
import { decodeCursor, findPage, pageLimit, toPage, type Page, type PageRequest } from './pagination.js';

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

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
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
  const and: Filter<InventoryDoc>[] = [];
  const tenant = callerTenant(caller);
  if (tenant !== undefined) and.push({ tenant_id: tenant });
  if (query.connectionId !== undefined) {
    const doc = await loadConnection(deps, caller, query.connectionId);
    and.push({ connection_id: idString(doc._id) ?? query.connectionId });
  }
  if (query.provider !== undefined) {
    const p = resolveProvider(deps.providers, query.provider);
    if (!p) throw new BadRequestError('provider', `unknown provider "${query.provider}"`);
    and.push({ 'datacenters.provider': p.label });
  }
  if (query.region !== undefined) {
    const r = query.region.trim();
    if (r === '') throw new BadRequestError('region', 'must not be empty');
    and.push({ 'datacenters.region': { $regex: `^${escapeRegex(r)}( |$)` } });
  }
  if (query.active !== undefined) and.push({ active: query.active });
  if (query.cursor !== undefined) {
    const { id } = decodeCursor(query.cursor, ['id']);
    if (!id || !isObjectIdHex(id))
      throw new BadRequestError('cursor', 'is not a cursor returned by this API');
    and.push({ _id: { $gt: new ObjectId(id) } });
  }
  const docs = await findPage(deps.store.inventory.col(entity), and, { _id: 1 }, limit);
  return toPage(
    docs,
    limit,
    (d) => resourceView(entity, d),
    (d) => ({ id: d._id.toHexString() }),
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
  if (!isObjectIdHex(id)) throw new NotFoundError(entity, id);
  const doc = await deps.store.inventory.col(entity).findOne({ _id: new ObjectId(id) });
  const tenant = callerTenant(caller);
  if (!doc || (tenant !== undefined && doc.tenant_id !== tenant)) throw new NotFoundError(entity, id);
  const history = await deps.store.changes.col
    .find({ connection_id: doc.connection_id, entity, unique_id: doc.unique_id })
    .sort({ at: -1 })
    .limit(historyLimit)
    .toArray();
  return { resource: resourceView(entity, doc), history: history.map(changeView) };
}
