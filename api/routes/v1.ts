import type { FastifyPluginAsync } from 'fastify';
import type { ServiceDeps } from '../../services/deps.js';
import { authHook } from '../app.js';
import { connectionRoutes } from './v1-connections.js';
import { crawlRoutes } from './v1-crawls.js';
import { inventoryRoutes } from './v1-inventory.js';
import { providerRoutes } from './v1-providers.js';
import { scheduleRoutes } from './v1-schedules.js';

/** The /v1 API: a private token acts for any tenant, a user token for its own tenant only. */
export function v1Routes(services: ServiceDeps): FastifyPluginAsync {
  return async (app) => {
    app.addHook('onRequest', authHook(services, 'private-or-user'));
    await app.register(providerRoutes(services));
    await app.register(connectionRoutes(services));
    await app.register(crawlRoutes(services));
    await app.register(inventoryRoutes(services));
    await app.register(scheduleRoutes(services));
  };
}
