// The OpenStack layer's peers in one call: real Keystone (test/harness/keystone-peer.ts) with a project,
// a member user and a catalog whose compute, volumev3, image, network and load-balancer endpoints point
// at the OpenStack fake (tooling/fakes/openstack), which checks every token with that Keystone.
import { ObjectId, type Db } from 'mongodb';
import { COLLECTIONS } from '../../store/collections.js';
import type { Collection } from '../../tooling/fakes/openstack/fixtures.js';
import { startOpenStackFake, type OpenStackFake } from '../../tooling/fakes/openstack/fake.js';
import { seedMaestroConnection } from './connections.js';
import { startKeystone, type KeystonePeer, type ProjectUser } from './keystone-peer.js';

export interface OpenStackEnv {
  keystone: KeystonePeer;
  fake: OpenStackFake;
  user: ProjectUser;
  regions: string[];
  /** The connection-level fields (spec §3.2): `url`, `project`, `user_domain_id`. */
  connFields: Record<string, unknown>;
  /** The decoded `conn` credentials: `username`, `password`. */
  decoded: Record<string, unknown>;
  stop(): Promise<void>;
}

export async function startOpenStackEnv(
  opts: {
    regions?: string[];
    counts?: Partial<Record<Collection, number>>;
    tokenExpirationSec?: number;
    /** The crawler user's password (a test's known secret); default: one made per run. */
    password?: string;
  } = {},
): Promise<OpenStackEnv> {
  const regions = opts.regions ?? ['RegionOne', 'RegionTwo'];
  const keystone = await startKeystone(
    opts.tokenExpirationSec === undefined ? {} : { tokenExpirationSec: opts.tokenExpirationSec },
  );
  try {
    const user = await keystone.createProjectUser('discovery', opts.password);
    const fake = await startOpenStackFake({
      projectId: user.projectId,
      regions,
      ...(opts.counts ? { counts: opts.counts } : {}),
      validateToken: (token) => keystone.validate(token),
    });
    for (const region of regions) await keystone.registerEndpoints(region, fake.endpoints(region));
    return {
      keystone,
      fake,
      user,
      regions,
      connFields: { url: keystone.url, project: user.projectId, user_domain_id: user.domainId },
      decoded: { username: user.username, password: user.password },
      async stop() {
        await fake.close();
        await keystone.stop();
      },
    };
  } catch (err) {
    await keystone.stop();
    throw err;
  }
}

/** A Maestro-format OpenStack connection on this env: `conn` JWT with the password, the Keystone fields. */
export async function seedOpenStackConnection(
  db: Db,
  env: OpenStackEnv,
  opts: { secretJwt: string; regions?: string[]; service?: string; ownerId?: ObjectId },
): Promise<string> {
  const id = await seedMaestroConnection(db, {
    ...(opts.ownerId ? { ownerId: opts.ownerId } : {}),
    provider: 'OpenStack',
    service: opts.service ?? 'Openstack',
    dc: 'Openstack',
    regions: opts.regions ?? env.regions,
    secretJwt: opts.secretJwt,
    credentials: env.decoded,
  });
  await db.collection(COLLECTIONS.connections).updateOne({ _id: new ObjectId(id) }, { $set: env.connFields });
  return id;
}
