import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginCallback } from 'fastify';
import { Type } from 'typebox';
import { ENTITIES } from '../../core/model.js';
import type { ServiceDeps } from '../../services/deps.js';
import { getResource, listResources } from '../../services/inventory.js';
import { Change, Id, Limit, Resource, cursor, errors, nonBlank, page } from '../schemas.js';

const tags = ['inventory'];
const Entity = Type.Union(ENTITIES.map((e) => Type.Literal(e)));

export function inventoryRoutes(services: ServiceDeps): FastifyPluginCallback {
  return (root, _opts, done) => {
    const app = root.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/inventory/:entity',
      {
        schema: {
          tags,
          summary: 'Inventory of one kind (servers, volumes, ...), filtered, with cursor pagination',
          params: Type.Object({ entity: Entity }),
          querystring: Type.Object(
            {
              connection: Type.Optional(Id),
              provider: Type.Optional(Type.String({ minLength: 1 })),
              region: Type.Optional(nonBlank({ description: 'Region code or label' })),
              active: Type.Optional(Type.Boolean()),
              limit: Type.Optional(Limit),
              cursor: Type.Optional(cursor('inventory')),
            },
            { additionalProperties: false },
          ),
          response: { 200: page(Resource), ...errors(400, 404) },
        },
      },
      async (req) => {
        const { connection, ...rest } = req.query;
        return listResources(services, req.caller, req.params.entity, {
          ...rest,
          ...(connection !== undefined ? { connectionId: connection } : {}),
        });
      },
    );
    app.get(
      '/inventory/:entity/:id',
      {
        schema: {
          tags,
          summary: 'One resource with its change history (discovery_changes), newest first',
          params: Type.Object({ entity: Entity, id: Id }),
          response: { 200: Type.Object({ resource: Resource, history: Type.Array(Change) }), ...errors(404) },
        },
      },
      (req) => getResource(services, req.caller, req.params.entity, req.params.id),
    );
    done();
  };
}
