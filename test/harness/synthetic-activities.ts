import type { CommandStartedEvent, Document } from 'mongodb';
import type { Scope } from '../../core/model.js';
import { startSyntheticApi, type SyntheticApi } from '../../bench/synthetic-server.js';
import { createActivities, type Activities } from '../../activities/index.js';
import { createProviderRegistry, type Config } from '../../config/index.js';
import { syntheticProvider } from '../../providers/synthetic/index.js';
import { ensureIndexes, openStore, type Store } from '../../store/index.js';
import { seedSyntheticConnection } from './connections.js';

/** The activities over the wire to the MongoDB peer, on a synthetic connection of one region. */
export interface SyntheticActivities {
  api: SyntheticApi;
  store: Store;
  acts: Activities;
  connectionId: string;
  close(): Promise<void>;
}

/**
 * Starts a synthetic provider serving `count` servers, opens the store with command monitoring (each
 * command on an inventory collection named `watch` goes to `onCommand`), and seeds a connection of the
 * region. `now` is the activities' clock.
 */
export async function startSyntheticActivities(
  config: Config,
  opts: {
    region: string;
    count: number;
    watch: string;
    onCommand: (cmd: Document) => void;
    now?: () => Date;
  },
): Promise<SyntheticActivities> {
  const api = await startSyntheticApi(opts.count);
  const uri = new URL(config.mongoUri);
  uri.searchParams.set('monitorCommands', 'true');
  const store = await openStore({ ...config, mongoUri: uri.toString() });
  store.client.on('commandStarted', (e: CommandStartedEvent) => {
    if (e.command[e.commandName] === opts.watch) opts.onCommand(e.command);
  });
  await ensureIndexes(store, config.stagingTtlSeconds);
  const providers = createProviderRegistry(config, [syntheticProvider(api.url)]);
  const now = opts.now ?? (() => new Date());
  const acts = createActivities({ config, store, providers, now, log: () => undefined });
  const connectionId = await seedSyntheticConnection(store.db, {
    regions: [opts.region],
    secretJwt: config.secretJwt,
  });
  return {
    api,
    store,
    acts,
    connectionId,
    async close() {
      await store.db.dropDatabase();
      await store.close();
      await api.close();
    },
  };
}

/** The synthetic provider's one scope in a region. */
export function syntheticScope(region: string): Scope {
  return {
    key: `synthetic.listServers@${region}`,
    command: 'synthetic.listServers',
    entity: 'servers',
    region,
  };
}
