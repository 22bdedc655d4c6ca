import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginCallback } from 'fastify';
import { Type } from 'typebox';
import { NotFoundError } from '../../core/errors.js';
import { providerSummary, resolveProvider } from '../../services/catalogue.js';
import type { ServiceDeps } from '../../services/deps.js';
import { ProviderSummary, errors } from '../schemas.js';

export function providerRoutes(services: ServiceDeps): FastifyPluginCallback {
  return (root, _opts, done) => {
    const app = root.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/providers',
      {
        schema: {
          tags: ['providers'],
          summary: 'Providers with their tasks, default schedules, credential fields and regions',
          response: { 200: Type.Object({ items: Type.Array(ProviderSummary) }), ...errors() },
        },
      },
      () => ({ items: services.providers.all().map(providerSummary) }),
    );
    app.get(
      '/providers/:provider',
      {
        schema: {
          tags: ['providers'],
          summary: 'One provider, by any of its names ("aws", "AWS", "iam_aws")',
          params: Type.Object({ provider: Type.String() }),
          response: { 200: ProviderSummary, ...errors(404) },
        },
      },
      (req) => {
        const p = resolveProvider(services.providers, req.params.provider);
        if (!p) throw new NotFoundError('provider', req.params.provider);
        return providerSummary(p);
      },
    );
    done();
  };
}
