import { request } from 'undici';
import { TransientError } from '../../core/errors.js';
import type { MappingContext, NormalizedRecord } from '../../core/model.js';
import { defineProvider, type ProviderDefinition } from '../types.js';

/**
 * A provider over plain HTTP that serves generated servers in pages (`bench/synthetic-server.ts`).
 * It exists for the benchmark and for the large-partition test: the same pipeline as AWS, with a peer
 * fast enough to produce 100,000 resources. Not registered in production.
 */
export interface SyntheticServer {
  id: string;
  name: string;
  ip: string;
  zone: string;
  size: string;
  state: 'running' | 'stopped' | 'terminated';
  created: string;
  tags: Record<string, string>;
  disks: Array<{ id: string; gb: number }>;
}

export function normalizeSyntheticServer(raw: unknown, ctx: MappingContext): NormalizedRecord[] {
  const s = raw as SyntheticServer;
  return [
    {
      unique_id: s.id,
      name: s.name,
      ipv4_private: s.ip,
      status: s.state === 'running' ? 'Active' : 'Stopped',
      active: s.state !== 'terminated',
      created_at: new Date(s.created),
      tags: Object.entries(s.tags).map(([key, value]) => ({ key, value })),
      storage: s.disks.map((d) => ({ unique_id: d.id, size: d.gb })),
      datacenters: {
        provider: ctx.provider,
        region: ctx.region ?? 'global',
        zone: s.zone,
        instance: s.size,
        type: 'Virtual',
      },
    },
  ];
}

/**
 * The synthetic provider's definition, served by `baseUrl` (a `bench/synthetic-server.ts` server). Tests
 * and the bench register it beside the real providers (`createProviderRegistry(config, [definition])`).
 */
export function syntheticProvider(
  baseUrl: string,
): ProviderDefinition<Record<string, never>, { token: string }> {
  return defineProvider<'synthetic', Record<string, never>, { token: string }>({
    id: 'synthetic',
    label: 'Synthetic',
    services: ['synthetic'],
    settings: {},
    tasks: { 'server-list': ['synthetic.listServers'] },
    commands: { 'synthetic.listServers': { entity: 'servers' } },
    catalogue: {
      info: { icon: 'synthetic.png', label: 'Synthetic', method: ['API'], dc: 'Synthetic', data: [] },
      credentialFields: [{ name: 'token', label: 'Token', secret: true, optional: true }],
    },
    parseCredentials: (decoded) => ({ token: typeof decoded.token === 'string' ? decoded.token : '' }),
    regions: (conn) => (conn.regions.length > 0 ? [...conn.regions] : ['synthetic-1']),
    load: () =>
      Promise.resolve({
        resources: {
          'synthetic.listServers': {
            fields: [
              'unique_id',
              'name',
              'ipv4_private',
              'status',
              'active',
              'created_at',
              'tags',
              'storage',
              'datacenters',
            ],
            async listPage({ region, pageSize, token, signal }) {
              const url = `${baseUrl}/servers?region=${encodeURIComponent(region ?? '')}&limit=${pageSize}&token=${token ?? ''}`;
              const res = await request(url, { signal, headersTimeout: 10_000, bodyTimeout: 10_000 });
              if (res.statusCode !== 200)
                throw new TransientError(`synthetic provider: HTTP ${res.statusCode}`);
              const body = (await res.body.json()) as { items: SyntheticServer[]; next?: string };
              return { items: body.items, nextToken: body.next };
            },
            normalize: normalizeSyntheticServer,
          },
        },
        classifyError: (err) => (err instanceof TransientError ? err : new TransientError(String(err))),
      }),
  });
}
