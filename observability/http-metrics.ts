import type { FastifyInstance } from 'fastify';
import type { ApiMetrics } from './metrics.js';

/**
 * API request metrics and `GET /metrics`, on the root instance before the routes are registered so the
 * hook sees every route. Labelled by route pattern (`/v1/connections/:id`), never by URL.
 */
export function instrumentApp(app: FastifyInstance, metrics: ApiMetrics): void {
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    if (route === '/metrics') return;
    const labels = { method: request.method, route };
    metrics.requests.inc({ ...labels, status: String(reply.statusCode) });
    metrics.duration.observe(labels, reply.elapsedTime / 1000);
  });
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    reply.type(metrics.registry.contentType);
    return metrics.registry.metrics();
  });
}
