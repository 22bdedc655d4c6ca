// The OpenStack fake: Nova, Cinder v3, Glance v2, Neutron and Octavia over the fixture table, one server
// for every region (`/<region>/<service>/...`). It checks each token with the real Keystone peer, pages
// with marker links the way each service does, negotiates Nova microversions, can answer with each
// service's own fault bodies, and validates what it serves against the vendor samples.
import {
  afterMarker,
  linkTo,
  startFakeServer,
  type FakeRequest,
  type FakeResponse,
  type FakeServer,
  type Route,
} from '../kit.js';
import { COLLECTION_NAMES, multiply, sample, templates, type Collection } from './fixtures.js';

type Item = Record<string, unknown>;
export type OpenStackService = 'compute' | 'block-storage' | 'image' | 'network' | 'load-balancer';

export interface OpenStackFakeOptions {
  /** The project every token must be scoped to (the connection's `project`). */
  projectId: string;
  regions: string[];
  /** Items per collection and region (flavors: the sample's own list). */
  counts?: Partial<Record<Collection, number>>;
  /** Asks Keystone whether a token is valid: its project, or undefined when refused. */
  validateToken: (token: string) => Promise<{ projectId: string | undefined; expiresAt: string } | undefined>;
  /**
   * Seconds a validation is reused, never past the token's expiry (keystonemiddleware's
   * `token_cache_time`, default 300).
   */
  tokenCacheSec?: number;
  /** Highest compute microversion announced (Nova 34.0.0's sample: 2.104). */
  maxMicroversion?: string;
}

export interface OpenStackFake {
  url: string;
  server: FakeServer;
  /** The endpoint of each catalog type in `region`, as registered in Keystone. */
  endpoints(region: string): Record<string, string>;
  /** The items of a collection in a region; `shape` picks a newer microversion's (`servers-2.47`, `flavors-2.75`). */
  items(collection: Collection | 'servers-2.47' | 'flavors-2.75', region: string): Item[];
  /** Deletes a resource (every shape of it) from a region. */
  remove(collection: Collection, region: string, id: string): void;
  /** Drops the validation cache (a revoked token is then refused at once). */
  forgetTokens(): void;
  /** Every token the fake accepted, in order (to see renewals). */
  readonly tokens: string[];
  /** Compute microversions requested (`OpenStack-API-Version` headers), in order. */
  readonly microversions: string[];
  close(): Promise<void>;
}

/** Each service's own fault body (api-ref fault formats; see test/fixtures/openstack/samples/SOURCES.md). */
export function faultBody(service: OpenStackService, status: number, message: string): unknown {
  const names: Record<number, string> = {
    400: 'badRequest',
    401: 'unauthorized',
    403: 'forbidden',
    404: 'itemNotFound',
    413: 'overLimit',
    429: 'overLimit',
    500: 'computeFault',
    503: 'serviceUnavailable',
  };
  switch (service) {
    case 'network':
      return {
        NeutronError: { type: status === 403 ? 'PolicyNotAuthorized' : `HTTP${status}`, message, detail: '' },
      };
    case 'load-balancer':
      return { faultcode: status < 500 ? 'Client' : 'Server', faultstring: message, debuginfo: null };
    case 'image':
      return `<html>\n <head>\n  <title>${status} ${names[status] ?? 'Error'}</title>\n </head>\n <body>\n  <h1>${status} ${names[status] ?? 'Error'}</h1>\n  ${message}<br /><br />\n\n\n\n </body>\n</html>`;
    default:
      return { [names[status] ?? 'computeFault']: { code: status, message } };
  }
}

/** What keystonemiddleware answers for a missing, expired or revoked token (every service). */
const UNAUTHORIZED = {
  error: { code: 401, title: 'Unauthorized', message: 'The request you have made requires authentication.' },
};

function mvParts(v: string): [number, number] {
  const [a, b] = v.split('.').map(Number);
  return [a ?? 0, b ?? 0];
}
function mvAtLeast(v: string, min: string): boolean {
  const [a1, a2] = mvParts(v);
  const [b1, b2] = mvParts(min);
  return a1 > b1 || (a1 === b1 && a2 >= b2);
}

/** Keys and value kinds of the vendor samples, per collection (and per shape for servers/flavors). */
function shapeOf(item: Item): Map<string, string> {
  return new Map(
    Object.entries(item).map(([k, v]) => [k, v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v]),
  );
}

export async function startOpenStackFake(opts: OpenStackFakeOptions): Promise<OpenStackFake> {
  const maxMv = opts.maxMicroversion ?? (sample('nova/version.json').version as { version: string }).version;
  const data = new Map<string, Item[]>();
  const key = (c: string, region: string): string => `${c}@${region}`;
  opts.regions.forEach((region, regionIndex) => {
    const ctx = { projectId: opts.projectId, regionIndex };
    for (const c of COLLECTION_NAMES)
      data.set(key(c, region), multiply(c, region, opts.counts?.[c] ?? 7, ctx));
    // The same servers and flavors in their newer microversion shapes.
    const flavors = data.get(key('flavors', region))!;
    const newer = multiply(
      'servers',
      region,
      opts.counts?.servers ?? 7,
      ctx,
      'nova/servers-details-v2.100.json',
    );
    data.get(key('servers', region))!.forEach((old, i) => {
      const f = flavors.find((x) => x.id === (old.flavor as Item).id)!;
      newer[i]!.flavor = {
        disk: f.disk,
        ephemeral: f['OS-FLV-EXT-DATA:ephemeral'],
        extra_specs: {},
        original_name: f.name,
        ram: f.ram,
        swap: 0,
        vcpus: f.vcpus,
      };
    });
    data.set(key('servers-2.47', region), newer);
    data.set(
      key('flavors-2.75', region),
      multiply('flavors', region, 0, ctx, 'nova/flavors-detail-v2.75.json'),
    );
  });
  const shapes = new Map<string, Map<string, string>[]>();
  for (const c of COLLECTION_NAMES) shapes.set(c, templates(c).map(shapeOf));
  shapes.set('servers-2.47', templates('servers', 'nova/servers-details-v2.100.json').map(shapeOf));
  shapes.set('flavors-2.75', templates('flavors', 'nova/flavors-detail-v2.75.json').map(shapeOf));

  const tokens: string[] = [];
  const microversions: string[] = [];
  const validated = new Map<string, { until: number; projectId: string | undefined }>();
  const cacheMs = (opts.tokenCacheSec ?? 300) * 1000;
  const check = async (token: string): Promise<{ projectId: string | undefined } | undefined> => {
    const hit = validated.get(token);
    if (hit && hit.until > Date.now()) return hit;
    validated.delete(token);
    const info = await opts.validateToken(token);
    if (info)
      validated.set(token, {
        projectId: info.projectId,
        until: Math.min(Date.parse(info.expiresAt), Date.now() + cacheMs),
      });
    return info;
  };

  const requested = (req: FakeRequest): string => {
    const header = req.headers['openstack-api-version'];
    const m = /^compute\s+(\S+)$/i.exec(Array.isArray(header) ? (header[0] ?? '') : (header ?? ''));
    return m?.[1] ?? '2.1';
  };

  /** One page of `variantKey` in the style of `service`; 400 for an unknown marker, as the services do. */
  const page = (
    req: FakeRequest,
    service: OpenStackService,
    collection: Collection,
    variantKey: string = collection,
  ): FakeResponse => {
    const items = data.get(key(variantKey, req.params.region ?? '')) ?? [];
    const limit = Number(req.query.get('limit') ?? 1000);
    const p = afterMarker(items, (i) => String(i.id), req.query.get('marker'), limit, 1000);
    if (p.unknownMarker)
      return { status: 400, body: faultBody(service, 400, `marker [${req.query.get('marker')}] not found`) };
    const last = p.items[p.items.length - 1];
    const body: Record<string, unknown> = { [collection]: p.items };
    if (service === 'image') {
      body.first = '/v2/images';
      body.schema = '/v2/schemas/images';
      if (p.next !== undefined && last) body.next = `/v2/images?limit=${limit}&marker=${String(last.id)}`;
    } else if (p.next !== undefined && last) {
      body[`${collection}_links`] = [{ rel: 'next', href: linkTo(req, { marker: String(last.id) }) }];
    }
    return { body, headers: { 'x-discovery-shape': variantKey } };
  };

  const routes: Route[] = [
    {
      name: 'nova-version',
      path: '/:region/compute/v2.1',
      handler: (req) => {
        const doc = sample('nova/version.json') as { version: Record<string, unknown> };
        return {
          body: {
            version: {
              ...doc.version,
              version: maxMv,
              links: [{ href: `${req.baseUrl}${req.path}`, rel: 'self' }],
            },
          },
        };
      },
    },
    {
      name: 'nova-servers',
      path: '/:region/compute/v2.1/servers/detail',
      handler: (req) => {
        const v = requested(req);
        microversions.push(v);
        if (!mvAtLeast(maxMv, v))
          return {
            status: 406,
            body: faultBody('compute', 406, `Version ${v} is not supported by the API.`),
          };
        return page(req, 'compute', 'servers', mvAtLeast(v, '2.47') ? 'servers-2.47' : 'servers');
      },
    },
    {
      name: 'nova-flavors',
      path: '/:region/compute/v2.1/flavors/detail',
      handler: (req) =>
        page(req, 'compute', 'flavors', mvAtLeast(requested(req), '2.75') ? 'flavors-2.75' : 'flavors'),
    },
    {
      name: 'nova-flavor',
      path: '/:region/compute/v2.1/flavors/:id',
      handler: (req) => {
        const f = data.get(key('flavors', req.params.region ?? ''))?.find((x) => x.id === req.params.id);
        return f
          ? { body: { flavor: f } }
          : { status: 404, body: faultBody('compute', 404, `Flavor ${req.params.id} could not be found.`) };
      },
    },
    {
      name: 'cinder-volumes',
      path: '/:region/volume/v3/:project/volumes/detail',
      handler: (req) => page(req, 'block-storage', 'volumes'),
    },
    {
      name: 'cinder-snapshots',
      path: '/:region/volume/v3/:project/snapshots/detail',
      handler: (req) => page(req, 'block-storage', 'snapshots'),
    },
    {
      name: 'glance-images',
      path: '/:region/image/v2/images',
      handler: (req) => page(req, 'image', 'images'),
    },
    ...(['networks', 'subnets', 'ports', 'routers'] as const).map((c): Route => ({
      name: `neutron-${c}`,
      path: `/:region/network/v2.0/${c}`,
      handler: (req) => page(req, 'network', c),
    })),
    {
      name: 'neutron-security_groups',
      path: '/:region/network/v2.0/security-groups',
      handler: (req) => page(req, 'network', 'security_groups'),
    },
    {
      name: 'octavia-loadbalancers',
      path: '/:region/load-balancer/v2/lbaas/loadbalancers',
      handler: (req) => page(req, 'load-balancer', 'loadbalancers'),
    },
  ];

  const server = await startFakeServer({
    name: 'openstack',
    routes,
    tls: true,
    // keystonemiddleware's check: the token must be valid in Keystone and scoped to the project.
    async auth(req) {
      const header = req.headers['x-auth-token'];
      const token = Array.isArray(header) ? header[0] : header;
      const info = token ? await check(token) : undefined;
      if (!token || !info || info.projectId !== opts.projectId) return { status: 401, body: UNAUTHORIZED };
      if (req.params.project !== undefined && req.params.project !== opts.projectId)
        return { status: 403, body: faultBody('block-storage', 403, 'Policy does not allow this project.') };
      if (tokens[tokens.length - 1] !== token) tokens.push(token);
      return undefined;
    },
    // Every served item has the keys, and kinds of values, of a vendor sample item of its shape.
    validate(_req, res) {
      const shapeKey = res.headers?.['x-discovery-shape'];
      if (!shapeKey) return [];
      const collection = shapeKey.replace(/-2\.\d+$/, '');
      const allowed = shapes.get(shapeKey) ?? [];
      const problems: string[] = [];
      for (const item of ((res.body as Record<string, unknown>)[collection] ?? []) as Item[]) {
        const got = shapeOf(item);
        const fits = allowed.some(
          (want) =>
            want.size === got.size &&
            [...want].every(
              ([k, kind]) => got.has(k) && (got.get(k) === kind || kind === 'null' || got.get(k) === 'null'),
            ),
        );
        if (!fits)
          problems.push(`${shapeKey} item ${String(item.id)} does not match a vendor sample's shape`);
      }
      return problems;
    },
  });

  return {
    url: server.url,
    server,
    endpoints: (region) => ({
      compute: `${server.url}/${region}/compute/v2.1`,
      volumev3: `${server.url}/${region}/volume/v3/${opts.projectId}`,
      image: `${server.url}/${region}/image`,
      network: `${server.url}/${region}/network`,
      'load-balancer': `${server.url}/${region}/load-balancer`,
    }),
    items: (collection, region) => data.get(key(collection, region)) ?? [],
    remove(collection, region, id) {
      for (const k of [collection, `${collection}-2.47`, `${collection}-2.75`]) {
        const list = data.get(key(k, region));
        const at = list?.findIndex((i) => i.id === id) ?? -1;
        if (list && at >= 0) list.splice(at, 1);
      }
    },
    forgetTokens: () => validated.clear(),
    tokens,
    microversions,
    close: () => server.close(),
  };
}
