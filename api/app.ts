import { readFileSync } from 'node:fs';
import { AjvCompiler } from '@fastify/ajv-compiler';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, {
  errorCodes,
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
} from 'fastify';
import { BadRequestError } from '../core/errors.js';
import { instrumentApp } from '../observability/http-metrics.js';
import type { ApiMetrics } from '../observability/metrics.js';
import { traceRequests } from '../observability/tracing.js';
import type { Caller, ServiceDeps } from '../services/deps.js';
import { authenticate, type TokenKinds } from './auth.js';
import { refineDocument } from './contract.js';
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

/** Fastify's own validator factory (its default), used twice: see `schemaController` in buildApp. */
const ajvCompilers = AjvCompiler();

/** Largest request body (JSON) the API reads; a larger one is a 413. */
export const BODY_LIMIT = 1024 * 1024;
/** Longest path parameter the router matches; a longer one is a 400. */
export const MAX_PARAM_LENGTH = 2048;

/** Deepest nesting of arrays and objects a request body may have (credentials of any provider: 3). */
export const MAX_JSON_DEPTH = 32;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The depth of a parsed JSON value (iterative: a 100,000-deep array is measured, not recursed into). */
function jsonDepth(value: unknown, limit: number): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    deepest = Math.max(deepest, d + 1);
    if (deepest > limit) return deepest;
    for (const child of Object.values(v)) stack.push([child, d + 1]);
  }
  return deepest;
}

/**
 * Request bodies are JSON in UTF-8 and nothing else: Fastify's text/plain parser is removed (a 415), a
 * charset other than UTF-8 is a 415, bytes that are not UTF-8 a 400 (not U+FFFD stored in a name), and
 * a body nested deeper than MAX_JSON_DEPTH a 400. Parsing itself stays Fastify's (`__proto__` refused).
 */
function acceptJsonOnly(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(request.headers['content-type'] ?? '')?.[1];
    if (charset !== undefined && !/^utf-?8$/i.test(charset)) {
      done(new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE(`application/json; charset=${charset}`), undefined);
      return;
    }
    let text: string;
    try {
      text = strictUtf8.decode(body as Buffer);
    } catch {
      done(new BadRequestError('body', 'is not valid UTF-8'), undefined);
      return;
    }
    void parse(request, text, (err, value) => {
      if (err) return done(err, undefined);
      if (jsonDepth(value, MAX_JSON_DEPTH) > MAX_JSON_DEPTH)
        return done(new BadRequestError('body', `nests deeper than ${MAX_JSON_DEPTH} levels`), undefined);
      done(null, value);
    });
  });
}

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
    // Path parameters up to MAX_PARAM_LENGTH reach the route's schema (ids: 200 characters at most), which
    // answers a 400 naming the parameter; a longer one, or a malformed %-escape, is a 400 from
    // frameworkErrors in the same error shape, never Fastify's own body.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: MAX_PARAM_LENGTH },
    ajv: { customOptions: { removeAdditional: false, allErrors: false } },
    // Query strings and path parameters are text, so their numbers and booleans are coerced ("5" → 5);
    // a JSON body is typed already and is validated as sent: `{"force": null}` or `{"everySeconds":
    // "60"}` is a 400, as the document says, not a silently coerced value.
    schemaController: {
      compilersFactory: {
        buildValidator: (externalSchemas, ajvOptions) => {
          const opts = ajvOptions as { customOptions?: Record<string, unknown> };
          const lenient = ajvCompilers(externalSchemas, opts);
          const strict = ajvCompilers(externalSchemas, {
            ...opts,
            customOptions: { ...opts.customOptions, coerceTypes: false },
          });
          return (route) => (route.httpPart === 'body' ? strict(route) : lenient(route));
        },
      },
    },
    bodyLimit: BODY_LIMIT,
    frameworkErrors: (err, request, reply): void => {
      const path = request.url.split('?')[0] ?? '';
      const message =
        err.code === 'FST_ERR_MAX_PARAM_LENGTH'
          ? `a path parameter is longer than ${MAX_PARAM_LENGTH} characters`
          : 'the URL is malformed (bad %-encoding)';
      void (path.startsWith('/v1')
        ? sendError(reply, {
            status: 400,
            code: 'bad_request',
            message,
            details: { field: 'params' },
          })
        : (reply as FastifyReply).code(400).send({ error: message }));
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorateRequest('caller', null as unknown as never);
  acceptJsonOnly(app);
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
  // A method no route of a known path has is a 405 with `Allow`, answered on request (before any body
  // is read or its content type checked: a QUERY or a PROPFIND with a body is still a 405, not a 400).
  const notAllowed = (request: FastifyRequest, reply: FastifyReply): FastifyReply | undefined => {
    const path = request.url.split('?')[0] ?? '';
    const allowed = [...new Set(routes.filter((r) => r.pattern.test(path)).map((r) => r.method))];
    if (allowed.length === 0 || allowed.includes(request.method)) return undefined;
    reply.header('allow', allowed.join(', '));
    return path.startsWith('/v1')
      ? sendError(reply, {
          status: 405,
          code: 'method_not_allowed',
          message: `${request.method} is not allowed on ${path} (allowed: ${allowed.join(', ')})`,
        })
      : reply.code(405).send({ error: 'Method not allowed' });
  };
  app.addHook('onRequest', async (request, reply) => {
    if (request.is404) {
      const answered = notAllowed(request, reply);
      if (answered) return answered;
    }
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const answered = notAllowed(request, reply);
    if (answered) return answered;
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
      transformObject: (documentObject) =>
        'openapiObject' in documentObject
          ? refineDocument(documentObject.openapiObject as Record<string, unknown>, services.providers.all())
          : documentObject.swaggerObject,
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
