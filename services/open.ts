import { Client, Connection } from '@temporalio/client';
import type { Config } from '../config/index.js';
import { createProviderRegistry } from '../config/index.js';
import type { ProviderRegistry } from '../providers/registry.js';
import { ensureIndexes, openStore } from '../store/index.js';
import { CrawlClient } from '../temporal/crawl-client.js';
import type { ServiceDeps } from './deps.js';

export interface OpenServices extends ServiceDeps {
  close(): Promise<void>;
}

/**
 * Opens what the services need: the store (MongoDB, indexes ensured), the provider registry and a
 * Temporal client that connects lazily, so operations that do not touch Temporal work without it.
 */
export async function openServices(
  config: Config,
  opts: { providers?: ProviderRegistry } = {},
): Promise<OpenServices> {
  const store = await openStore(config);
  try {
    await ensureIndexes(store, config.stagingTtlSeconds);
  } catch (err) {
    await store.close();
    throw err;
  }
  const connection = Connection.lazy({ address: config.temporalAddress });
  const crawls = new CrawlClient(
    new Client({ connection, namespace: config.temporalNamespace }),
    config.taskQueue,
  );
  return {
    config,
    store,
    providers: opts.providers ?? createProviderRegistry(config),
    crawls,
    async close() {
      await Promise.allSettled([crawls.close(), store.close()]);
    },
  };
}
