import { LINKS, type NormalizedRecord } from '../core/model.js';
import { findTenantApplications, type ApplicationRef } from '../store/applications.js';
import type { ActivityDeps, ConnectionContext } from './deps.js';
import { idString } from '../core/ids.js';

/**
 * Application linking (spec §6.4, with the §12.13 fix), for every kind whose normalizer opts in with
 * `withLinks`: the tokens of a batch are resolved with one query, confined to the connection's tenant,
 * into `applications: [{_id, name, family}]` (tag order, names first, each application once).
 *
 * - A record with linking tags gets exactly the applications they resolve to (an empty list when none
 *   resolves: the tags are then the truth, as in the original).
 * - A record without linking tags leaves `applications` untouched: links made by hand in Maestro stay.
 * - A connection without an owner cannot be scoped to a tenant: nothing is linked (and said so).
 */
export async function resolveApplicationLinks(
  deps: ActivityDeps,
  context: Pick<ConnectionContext, 'conn' | 'ownership'>,
  records: Iterable<NormalizedRecord>,
): Promise<void> {
  const linked = [...records].filter((r) => r[LINKS] !== undefined);
  if (linked.length === 0) return;
  const tenantId = context.ownership.tenantId;
  let apps: ApplicationRef[] = [];
  if (tenantId === undefined) {
    deps.log('warn', 'application tags not linked: the connection has no owner (tenant)', {
      connectionId: context.ownership.connectionId,
    });
  } else {
    const names = new Set<string>();
    const ids = new Set<string>();
    for (const r of linked) {
      r[LINKS]?.applicationNames.forEach((n) => names.add(n));
      r[LINKS]?.applicationIds.forEach((i) => ids.add(i));
    }
    apps = await findTenantApplications(
      deps.store.db,
      { tenantId, ownerId: context.conn.owner_user?._id },
      [...names],
      [...ids],
    );
  }
  const byName = new Map<string, ApplicationRef[]>();
  const byId = new Map<string, ApplicationRef>();
  for (const app of apps) {
    if (app.name !== undefined) byName.set(app.name, [...(byName.get(app.name) ?? []), app]);
    byId.set(idString(app._id) ?? '', app);
  }
  for (const record of linked) {
    const tokens = record[LINKS];
    delete record[LINKS];
    if (!tokens || tenantId === undefined) continue;
    const found = [
      ...tokens.applicationNames.flatMap((n) => byName.get(n) ?? []),
      ...tokens.applicationIds.flatMap((i) => byId.get(i) ?? byId.get(i.toLowerCase()) ?? []),
    ];
    const seen = new Set<string>();
    const applications = found.filter((a) => {
      const key = idString(a._id) ?? '';
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    // Tags that resolve to nothing leave `applications` as it is (no empty field stored; links
    // accumulate per the §7.3 merge), as a resource without the tags does.
    if (applications.length > 0) record.applications = applications;
  }
}
