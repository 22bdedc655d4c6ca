import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginCallback } from 'fastify';
import { Type } from 'typebox';
import { cancelCrawl, crawlStatus, latestCrawl, listRuns, startCrawl } from '../../services/crawls.js';
import type { ServiceDeps } from '../../services/deps.js';
import {
  CancelledCrawl,
  CrawlStatus,
  cursor,
  Id,
  Limit,
  StartedCrawl,
  Task,
  errors,
  page,
} from '../schemas.js';

const tags = ['crawls'];
const ConnTask = Type.Object({ id: Id, task: Task });

export function crawlRoutes(services: ServiceDeps): FastifyPluginCallback {
  return (root, _opts, done) => {
    const app = root.withTypeProvider<TypeBoxTypeProvider>();
    app.post(
      '/connections/:id/crawls',
      {
        schema: {
          tags,
          summary: 'Start a crawl (or attach to the one running for this connection and task)',
          params: Type.Object({ id: Id }),
          body: Type.Object(
            { task: Task, force: Type.Optional(Type.Boolean()) },
            { additionalProperties: false },
          ),
          response: { 202: StartedCrawl, ...errors(400, 404) },
        },
      },
      async (req, reply) =>
        reply.code(202).send(
          await startCrawl(services, req.caller, {
            connectionId: req.params.id,
            task: req.body.task,
            ...(req.body.force !== undefined ? { force: req.body.force } : {}),
          }),
        ),
    );
    app.get(
      '/connections/:id/crawls/:task',
      {
        schema: {
          tags,
          summary: 'The running or latest crawl of a connection and task, with live progress',
          params: ConnTask,
          response: { 200: CrawlStatus, ...errors(404) },
        },
      },
      (req) => latestCrawl(services, req.caller, req.params.id, req.params.task),
    );
    app.delete(
      '/connections/:id/crawls/:task',
      {
        schema: {
          tags,
          summary: 'Cancel the running crawl of a connection and task',
          params: ConnTask,
          response: { 202: CancelledCrawl, ...errors(404) },
        },
      },
      async (req, reply) =>
        reply.code(202).send(await cancelCrawl(services, req.caller, req.params.id, req.params.task)),
    );
    app.get(
      '/crawls',
      {
        schema: {
          tags,
          summary: 'Crawl runs from the ledger (discovery_runs), newest first',
          querystring: Type.Object(
            {
              connection: Type.Optional(Id),
              task: Type.Optional(Task),
              status: Type.Optional(
                Type.Union(
                  ['running', 'completed', 'partial', 'failed', 'cancelled'].map((s) => Type.Literal(s)),
                ),
              ),
              limit: Type.Optional(Limit),
              cursor: Type.Optional(cursor('runs')),
            },
            { additionalProperties: false },
          ),
          response: { 200: page(CrawlStatus), ...errors(400, 404) },
        },
      },
      async (req) => {
        const { connection, ...rest } = req.query;
        return listRuns(services, req.caller, {
          ...rest,
          ...(connection !== undefined ? { connectionId: connection } : {}),
        });
      },
    );
    app.get(
      '/crawls/:id',
      {
        schema: {
          tags,
          summary: 'A crawl by id: ledger entry, with live progress while it runs',
          params: Type.Object({ id: Id }),
          response: { 200: CrawlStatus, ...errors(404) },
        },
      },
      (req) => crawlStatus(services, req.caller, req.params.id),
    );
    done();
  };
}
