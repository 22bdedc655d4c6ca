// The GCP test world: an organization with three ACTIVE projects — acme-prod (readable, with
// resources), acme-denied (listed by Resource Manager, but the key has no role on it: PERMISSION_DENIED)
// and acme-nocompute, in a folder (the Compute Engine API is not enabled: SERVICE_DISABLED) — two that
// are not crawled (deleting, or in a deleted folder), and one key.
import { startGcpFake, type GcpFake } from '../../tooling/fakes/gcp/server.js';
import {
  addServiceAccountKey,
  emptyWorld,
  makeProject,
  type Collection,
  type ServiceAccountKey,
} from '../../tooling/fakes/gcp/world.js';

export const ORG = 'organizations/123456789012';
/** A folder of the organization, holding acme-nocompute (projects are found through nested folders). */
export const FOLDER = 'folders/456789';

/** Per collection, enough resources for ≥ 3 pages at page size 3 (buckets too). */
export const PROD_COUNTS: Record<Collection, number> = {
  instances: 10,
  disks: 8,
  snapshots: 7,
  images: 7,
  networks: 7,
  subnetworks: 8,
  routes: 7,
  firewalls: 7,
  forwardingRules: 7,
  backendServices: 7,
  buckets: 7,
};

export interface GcpTestWorld {
  gcp: GcpFake;
  key: ServiceAccountKey;
}

export async function startGcpTestWorld(
  counts: Partial<Record<Collection, number>> = PROD_COUNTS,
): Promise<GcpTestWorld> {
  const world = emptyWorld();
  world.projects.push(makeProject('acme-prod', '111111111111', ORG, counts));
  world.projects.push(
    makeProject('acme-denied', '222222222222', ORG, { instances: 3, disks: 3 }, { denied: true }),
  );
  world.folders.push(
    { name: FOLDER, parent: ORG, displayName: 'Team', state: 'ACTIVE' },
    { name: 'folders/999999', parent: ORG, displayName: 'Old team', state: 'DELETE_REQUESTED' },
  );
  world.projects.push(
    makeProject('acme-nocompute', '333333333333', FOLDER, { buckets: 2 }, { computeDisabled: true }),
  );
  // Neither is crawled: one is being deleted, the other sits in a deleted folder.
  world.projects.push({ ...makeProject('acme-leaving', '444444444444', ORG), state: 'DELETE_REQUESTED' });
  world.projects.push(makeProject('acme-old', '555555555555', 'folders/999999'));
  const key = addServiceAccountKey(world, 'acme-prod');
  return { gcp: await startGcpFake(world), key };
}
