import { readFileSync } from 'node:fs';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { instrumentApp } from '../observability/http-metrics.js';
import type { ApiMetrics } from '../observability/metrics.js';
import { traceRequests } from '../observability/tracing.js';
import type { Caller, ServiceDeps } from '../services/deps.js';
import { authenticate, type TokenKinds } from './auth.js';
import { errorHandler, sendError } from './errors.js';
import { healthRoutes } from './routes/health.js';
import { maestroRoutes } from './routes/maestro.js';
import { v1Routes } from './routes/v1.js';
import { ErrorBody } from './schemas.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the auth hook of authenticated routes. */
    caller: Caller;
  }
}

export interface AppDeps {
  services: ServiceDeps;
  /** Fastify logger options or instance; false (the default) logs nothing (tests). */
  logger?: FastifyServerOptions['logger'] | FastifyBaseLogger;
  /** Serve /docs (OpenAPI UI) and /docs/json; default config.apiDocs. */
  docs?: boolean;
  /** Extra readiness checks (name → throws when not ready). */
  readiness?: Record<string, () => Promise<void>>;
  /** Request metrics and GET /metrics (observability/http-metrics.ts). */
  metrics?: ApiMetrics;
}

export type App = FastifyInstance;

export const PACKAGE = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  name: string;
  description: string;
  version: string;
  license: string;
};

/** Headers and fields that never reach the request log. */
export const REDACT = ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization'];

/** An onRequest hook that authenticates and sets `request.caller`. */
export function authHook(deps: ServiceDeps, kinds: TokenKinds) {
  return async (request: { headers: { authorization?: string }; caller: Caller }) => {
    request.caller = await authenticate(request.headers.authorization, deps.config, kinds);
  };
}

/**
 * The HTTP API as a Fastify instance (not listening: `app.inject()` in tests, `startApi` to serve).
 * Maestro-compatible routes at the root (spec §2), the /v1 API, /health and /ready, /docs.
 */
export async function buildApp(deps: AppDeps): Promise<App> {
  const { services } = deps;
  const loggerOpt =
    deps.logger && typeof deps.logger === 'object' && 'child' in deps.logger
      ? { loggerInstance: deps.logger }
      : { logger: deps.logger ?? false };
  const app = Fastify({
    ...loggerOpt,
    routerOptions: { ignoreTrailingSlash: true },
    ajv: { customOptions: { removeAdditional: false, allErrors: false } },
    bodyLimit: 1024 * 1024,
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorateRequest('caller', null as unknown as never);
  if (deps.metrics) instrumentApp(app, deps.metrics);
  traceRequests(app);
  app.addSchema(ErrorBody);
  app.setErrorHandler(errorHandler);
  // Every route's path as a pattern, so a known path asked with another method is a 405, not a 404.
  const routes: Array<{ method: string; pattern: RegExp }> = [];
  app.addHook('onRoute', (route) => {
    const pattern = new RegExp(
      `^${route.url
        .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
        .replace(/:[^/]+/g, '[^/]+')
        .replace(/\*/g, '.*')}/?$`,
    );
    for (const method of [route.method].flat()) routes.push({ method, pattern });
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const allowed = [...new Set(routes.filter((r) => r.pattern.test(path)).map((r) => r.method))];
    if (allowed.length > 0 && !allowed.includes(request.method)) {
      reply.header('allow', allowed.join(', '));
      return path.startsWith('/v1')
        ? sendError(reply, {
            status: 405,
            code: 'method_not_allowed',
            message: `${request.method} is not allowed on ${path} (allowed: ${allowed.join(', ')})`,
          })
        : reply.code(405).send({ error: 'Method not allowed' });
    }
    return path.startsWith('/v1')
      ? sendError(reply, { status: 404, code: 'not_found', message: `no route ${request.method} ${path}` })
      : reply.code(404).send({ error: 'Resource not found' });
  });

  if (deps.docs ?? services.config.apiDocs) {
    await app.register(swagger, {
      openapi: {
        openapi: '3.0.3',
        info: { title: 'Discovery API', description: PACKAGE.description, version: PACKAGE.version },
        components: {
          securitySchemes: {
            token: {
              type: 'apiKey',
              in: 'header',
              name: 'Authorization',
              description:
                '"JWT <token>" or "Bearer <token>": a private token (MAESTRO_SECRETJWT_PRIVATE, noauth) or, on /v1, a user token (MAESTRO_SECRETJWT).',
            },
          },
        },
        security: [{ token: [] }],
        tags: [
          { name: 'maestro', description: "Maestro's discovery-api routes (spec §2)" },
          { name: 'connections' },
          { name: 'crawls' },
          { name: 'inventory' },
          { name: 'schedules' },
          { name: 'providers' },
          { name: 'health' },
        ],
      },
      refResolver: {
        buildLocalReference: (json, _base, _frag, i) =>
          typeof json.$id === 'string' ? json.$id : `def-${i}`,
      },
    });
    await app.register(swaggerUi, { routePrefix: '/docs' });
  }

  await app.register(healthRoutes(services, deps.readiness ?? {}));
  await app.register(maestroRoutes(services));
  await app.register(v1Routes(services), { prefix: '/v1' });
  return app;
}
