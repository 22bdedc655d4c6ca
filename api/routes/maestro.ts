import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { NotFoundError } from '../../core/errors.js';
import { available, providerPermissions, resolveProvider } from '../../services/catalogue.js';
import { loadConnection, providerOf } from '../../services/connections.js';
import { startCrawl } from '../../services/crawls.js';
import { PRIVATE_CALLER, now, type ServiceDeps } from '../../services/deps.js';
import { UnknownTaskError } from '../../services/errors.js';
import { PACKAGE, authHook } from '../app.js';
import { AuthError } from '../auth.js';
import { toErrorPayload } from '../errors.js';
import { LegacyAuthError, LegacyError } from '../schemas.js';

/**
 * Maestro's discovery-api routes, same paths, bodies and status codes (spec §2), with its bugs fixed:
 * a malformed Authorization header is a 401, an unknown provider a 422 (not a 500), provider names are
 * case- and space-insensitive with the aliases of spec §3.2.
 */
const TASK_NOT_ALLOWED = 'This task is not allowed';
const NO_CONNECTION = 'This instance dont have a valid connection.';

const CrawlerParams = Type.Object({ provider: Type.String(), conn: Type.String(), task: Type.String() });
const Any = Type.Unknown();

/** Maestro's error bodies: 401 `{error: {msg}}`, other 4xx `{error: "<reason>"}`, 5xx `{error: {msg, name}}`. */
function legacyErrorHandler(err: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (err instanceof AuthError) return reply.code(401).send({ error: { msg: err.reason } });
  const p = toErrorPayload(err);
  if (p.status >= 500) {
    request.log.error({ err }, 'request failed');
    return reply.code(p.status).send({ error: { msg: 'Internal error', name: 'InternalError' } });
  }
  return reply.code(p.status).send({ error: p.message });
}

export function maestroRoutes(services: ServiceDeps): FastifyPluginAsync {
  return async (root) => {
    const app = root.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/',
      {
        schema: {
          tags: ['maestro'],
          security: [],
          summary: 'App info',
          response: {
            200: Type.Object({
              name: Type.String(),
              description: Type.String(),
              version: Type.String(),
              license: Type.String(),
            }),
          },
        },
      },
      () => ({
        name: PACKAGE.name,
        description: PACKAGE.description,
        version: PACKAGE.version,
        license: PACKAGE.license,
      }),
    );

    await app.register((scoped, _opts, done) => {
      const r = scoped.withTypeProvider<TypeBoxTypeProvider>();
      r.addHook('onRequest', authHook(services, 'private'));
      r.setErrorHandler(legacyErrorHandler);
      const errs = { 401: LegacyAuthError, 500: Any };

      r.get(
        '/available/:action',
        {
          schema: {
            tags: ['maestro'],
            summary: 'Provider catalogue (info: UI templates; rules: task recipes)',
            params: Type.Object({ action: Type.String() }),
            response: { 200: Type.Object({ items: Type.Array(Type.Object({ value: Any })) }), ...errs },
          },
        },
        (req) => ({ items: [{ value: available(services.providers, req.params.action) }] }),
      );
      r.get(
        '/available/:action/:provider',
        {
          schema: {
            tags: ['maestro'],
            summary: "One provider's catalogue entry",
            params: Type.Object({ action: Type.String(), provider: Type.String() }),
            response: { 200: Type.Object({ items: Type.Array(Type.Object({ value: Any })) }), ...errs },
          },
        },
        (req) => ({
          items: [{ value: available(services.providers, req.params.action, req.params.provider) }],
        }),
      );
      r.get(
        '/crawler',
        {
          schema: {
            tags: ['maestro'],
            summary: 'Description of the crawler routes',
            response: {
              200: Type.Object({
                resources: Type.Array(Type.Object({ path: Type.String(), description: Type.String() })),
              }),
              ...errs,
            },
          },
        },
        () => ({
          resources: [
            { path: '/crawler/<datacenter>', description: 'List enabled datacenters' },
            {
              path: '/crawler/<datacenter>/<instance>/<task>/<type>',
              description: 'Execute tasks, ex: server-list, loadbalance-list, dbs-list',
            },
          ],
        }),
      );
      r.get(
        '/crawler/:provider',
        {
          schema: {
            tags: ['maestro'],
            summary: "The provider's permissions (task → commands); null for an unknown provider",
            params: Type.Object({ provider: Type.String() }),
            response: { 200: Any, ...errs },
          },
        },
        (req, reply) => {
          const p = resolveProvider(services.providers, req.params.provider);
          return reply.type('application/json').send(JSON.stringify(p ? providerPermissions(p) : null));
        },
      );
      r.get(
        '/crawler/:provider/:conn/:task',
        {
          schema: {
            tags: ['maestro'],
            summary: 'Health check: echoes the parameters',
            params: CrawlerParams,
            response: {
              200: Type.Object({ datacenter: Type.String(), instance: Type.String(), task: Type.String() }),
              ...errs,
            },
          },
        },
        (req) => ({
          datacenter: req.params.provider,
          instance: req.params.conn,
          task: req.params.task,
        }),
      );
      r.put(
        '/crawler/:provider/:conn/:task',
        {
          schema: {
            tags: ['maestro'],
            summary: 'Start the crawl of a connection and task (a Temporal workflow)',
            params: CrawlerParams,
            response: {
              201: Type.Object({
                msg: Type.String(),
                conn_id: Type.String(),
                task: Type.String(),
                status: Type.Literal('warning'),
              }),
              400: LegacyError,
              422: LegacyError,
              ...errs,
            },
          },
        },
        async (req, reply) => {
          const { provider: name, conn, task } = req.params;
          const provider = resolveProvider(services.providers, name);
          if (!provider || !Object.hasOwn(provider.tasks, task))
            return reply.code(422).send({ error: TASK_NOT_ALLOWED });
          const msg = `In progress. ${task}`;
          try {
            const doc = await loadConnection(services, PRIVATE_CALLER, conn);
            // Not a connection of the provider in the URL: the original crawled it with that provider's
            // commands and the connection's credentials (docs/maestro.md, decisions). Not valid here.
            if (providerOf(services, doc).id !== provider.id)
              return reply.code(400).send({ error: NO_CONNECTION });
            if (!Object.hasOwn(providerOf(services, doc).tasks, task))
              return reply.code(422).send({ error: TASK_NOT_ALLOWED });
            // Before the start, so a crawl that finishes at once is not shown "in progress" afterwards.
            await services.store.connections.setStatus(conn, task, 'warning', msg, now(services));
            await startCrawl(services, PRIVATE_CALLER, { connectionId: conn, task });
          } catch (err) {
            if (err instanceof NotFoundError) return reply.code(400).send({ error: NO_CONNECTION });
            if (err instanceof UnknownTaskError) return reply.code(422).send({ error: TASK_NOT_ALLOWED });
            if (toErrorPayload(err).status >= 500)
              await services.store.connections
                .setStatus(conn, task, 'danger', 'The crawl could not be started.', now(services))
                .catch(() => undefined);
            throw err;
          }
          return reply.code(201).send({ msg, conn_id: conn, task, status: 'warning' as const });
        },
      );
      done();
    });
  };
}
