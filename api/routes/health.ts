import type { FastifyPluginCallback } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ObjectId } from 'mongodb';
import type { ServiceDeps } from '../../services/deps.js';
import { COLLECTIONS } from '../../store/collections.js';

const Health = Type.Object({ status: Type.String() });
const Ready = Type.Object({
  status: Type.Union([Type.Literal('ready'), Type.Literal('not_ready')]),
  checks: Type.Record(Type.String(), Type.Union([Type.Literal('ok'), Type.Literal('unavailable')])),
});

const CHECK_TIMEOUT_MS = 3_000;
/** An id no connection has: the readiness read finds nothing, by `_id`. */
const READY_PROBE_ID = new ObjectId('000000000000000000000000');

async function within<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `GET /health`: the process answers (liveness). `GET /ready`: MongoDB (a query, not a ping) and Temporal answer too
 * (readiness); failures are named, never explained (no internals). No authentication.
 */
export function healthRoutes(
  services: ServiceDeps,
  extra: Record<string, () => Promise<void>>,
): FastifyPluginCallback {
  const checks: Record<string, () => Promise<unknown>> = {
    // A read, not a ping: a wedged server (FerretDB v1 under load) still answers ping and hello
    // while every query hangs. One `_id` lookup on `connections` is cheap on any server.
    mongodb: () =>
      services.store.db
        .collection(COLLECTIONS.connections)
        .findOne({ _id: READY_PROBE_ID }, { projection: { _id: 1 } }),
    temporal: () => services.crawls.client.connection.ensureConnected(),
    ...extra,
  };
  return (app, _opts, done) => {
    const r = app.withTypeProvider<TypeBoxTypeProvider>();
    r.get('/health', { schema: { tags: ['health'], security: [], response: { 200: Health } } }, () => ({
      status: 'ok',
    }));
    r.get(
      '/ready',
      { schema: { tags: ['health'], security: [], response: { 200: Ready, 503: Ready } } },
      async (request, reply) => {
        const results = await Promise.all(
          Object.entries(checks).map(async ([name, check]) => {
            try {
              await within(check(), CHECK_TIMEOUT_MS);
              return [name, 'ok'] as const;
            } catch (err) {
              request.log.warn({ check: name, reason: (err as Error).message }, 'readiness check failed');
              return [name, 'unavailable'] as const;
            }
          }),
        );
        const ready = results.every(([, s]) => s === 'ok');
        return reply
          .code(ready ? 200 : 503)
          .send({ status: ready ? 'ready' : 'not_ready', checks: Object.fromEntries(results) });
      },
    );
    done();
  };
}
