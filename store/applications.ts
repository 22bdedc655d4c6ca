import type { Db, Document } from 'mongodb';
import { storedIdForms } from './object-id.js';

/** What a linked record keeps of an application (spec §6.4). */
export interface ApplicationRef {
  _id: unknown;
  name?: string;
  family?: string;
}

/** The tenant an application lookup is confined to (spec §12.13: never across tenants). */
export interface TenantScope {
  /** `tenant_id` Discovery writes on its own documents. */
  tenantId: string;
  /** The owner's id as Maestro stores it in `roles._id` (usually an ObjectId). */
  ownerId: unknown;
}

/**
 * Active applications of one tenant named by `names` or `ids`, in one query. The tenant is matched on
 * Discovery's `tenant_id` or on Maestro's ACL (`roles._id` = the connection owner); another tenant's
 * application of the same name is never returned.
 */
export async function findTenantApplications(
  db: Db,
  tenant: TenantScope,
  names: string[],
  ids: string[],
): Promise<ApplicationRef[]> {
  const wanted: Document[] = [];
  if (names.length > 0) wanted.push({ name: { $in: names } });
  if (ids.length > 0) wanted.push({ _id: { $in: ids.flatMap(storedIdForms) } });
  if (wanted.length === 0) return [];
  const owners = [...new Set([tenant.ownerId, tenant.tenantId])].filter((o) => o !== undefined && o !== null);
  const docs = await db
    .collection<Document>('applications')
    .find(
      {
        $and: [
          { $or: [{ tenant_id: tenant.tenantId }, { 'roles._id': { $in: owners } }] },
          { $or: wanted },
          { active: { $ne: false } },
        ],
      },
      { projection: { _id: 1, name: 1, family: 1 } },
    )
    .toArray();
  return docs.map((d) => ({
    _id: d._id,
    ...(typeof d.name === 'string' ? { name: d.name } : {}),
    ...(typeof d.family === 'string' ? { family: d.family } : {}),
  }));
}
