import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginCallback } from 'fastify';
import { Type } from 'typebox';
import {
  createConnection,
  deleteConnection,
  getConnection,
  listConnections,
  testCredentials,
  updateConnection,
} from '../../services/connections.js';
import type { ServiceDeps } from '../../services/deps.js';
import {
  Connection,
  ConnectionCreate,
  ConnectionUpdate,
  CredentialTest,
  cursor,
  Id,
  Limit,
  errors,
  page,
} from '../schemas.js';

const tags = ['connections'];
const IdParams = Type.Object({ id: Id });

export function connectionRoutes(services: ServiceDeps): FastifyPluginCallback {
  return (root, _opts, done) => {
    const app = root.withTypeProvider<TypeBoxTypeProvider>();
    app.post(
      '/connections',
      {
        schema: {
          tags,
          summary:
            "Create a connection (credentials validated against the provider's fields, stored encrypted)",
          body: ConnectionCreate,
          response: { 201: Connection, ...errors(400, 503) },
        },
      },
      async (req, reply) => reply.code(201).send(await createConnection(services, req.caller, req.body)),
    );
    app.get(
      '/connections',
      {
        schema: {
          tags,
          summary: "List the caller's connections",
          querystring: Type.Object(
            {
              provider: Type.Optional(Type.String({ minLength: 1 })),
              limit: Type.Optional(Limit),
              cursor: Type.Optional(cursor('connections')),
            },
            { additionalProperties: false },
          ),
          response: { 200: page(Connection), ...errors(400) },
        },
      },
      (req) => listConnections(services, req.caller, req.query),
    );
    app.get(
      '/connections/:id',
      {
        schema: {
          tags,
          summary: 'One connection',
          params: IdParams,
          response: { 200: Connection, ...errors(404) },
        },
      },
      (req) => getConnection(services, req.caller, req.params.id),
    );
    app.patch(
      '/connections/:id',
      {
        schema: {
          tags,
          summary: 'Update name, regions, active or credentials',
          params: IdParams,
          body: ConnectionUpdate,
          response: { 200: Connection, ...errors(400, 404, 503) },
        },
      },
      (req) => updateConnection(services, req.caller, req.params.id, req.body),
    );
    app.delete(
      '/connections/:id',
      {
        schema: {
          tags,
          summary: 'Delete a connection (its inventory and history stay)',
          params: IdParams,
          response: { 204: Type.Null(), ...errors(404) },
        },
      },
      async (req, reply) => {
        await deleteConnection(services, req.caller, req.params.id);
        return reply.code(204).send(null);
      },
    );
    app.post(
      '/connections/:id/test',
      {
        schema: {
          tags,
          summary: 'Test the stored credentials against the provider (a rejection is ok: false)',
          params: IdParams,
          response: { 200: CredentialTest, ...errors(400, 404, 503) },
        },
      },
      (req) => testCredentials(services, req.caller, req.params.id),
    );
    done();
  };
}
