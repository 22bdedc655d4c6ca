// The GCP fake: Compute Engine v1, Resource Manager v3 and Cloud Storage JSON API routes over a
// GcpWorld, on the fake-server kit, plain HTTP (the official clients reach it with
// `{apiEndpoint: '127.0.0.1', port, protocol: 'http'}`). It checks what Google checks: a self-signed
// service-account JWT (RS256 over the registered key, `kid`, `iss`, the API's audience, expiry), pages
// with `maxResults`/`pageSize` + `pageToken` (Compute refuses maxResults > 500), answers Google's error
// bodies for denied projects and disabled APIs, and validates every response against the discovery
// documents (violations in `fake.violations`).
import { verify } from 'node:crypto';
import {
  decodeToken,
  encodeToken,
  slice,
  startFakeServer,
  type FakeRequest,
  type FakeResponse,
  type FakeServer,
  type Route,
} from '../kit.js';
import { validateDiscovery } from './discovery.js';
import { googleErrors } from './errors.js';
import { fixture, projectResource, type Collection, type FakeProject, type GcpWorld } from './world.js';

type Item = Record<string, unknown>;

export interface GcpFake {
  fake: FakeServer;
  world: GcpWorld;
  /** `{apiEndpoint, port, protocol}`: the client options (and the endpoint override setting's value). */
  endpoint: string;
  close(): Promise<void>;
}

const AUDIENCE: Array<[prefix: string, aud: string]> = [
  ['/compute/', 'https://compute.googleapis.com/'],
  ['/v3/', 'https://cloudresourcemanager.googleapis.com/'],
  ['/storage/', 'https://storage.googleapis.com/'],
];

function jwtAuth(world: GcpWorld) {
  return (req: FakeRequest): FakeResponse | undefined => {
    const token = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const parts = token?.split('.');
    if (!parts || parts.length !== 3) return googleErrors.unauthenticated();
    try {
      const header = JSON.parse(Buffer.from(parts[0] as string, 'base64url').toString()) as {
        alg?: string;
        kid?: string;
      };
      const claims = JSON.parse(Buffer.from(parts[1] as string, 'base64url').toString()) as {
        iss?: string;
        aud?: string;
        exp?: number;
      };
      const key = header.kid ? world.keys.get(header.kid) : undefined;
      if (header.alg !== 'RS256' || !key || key.revoked || claims.iss !== key.email)
        return googleErrors.unauthenticated();
      const signed = verify(
        'RSA-SHA256',
        Buffer.from(`${parts[0]}.${parts[1]}`),
        key.publicKey,
        Buffer.from(parts[2] as string, 'base64url'),
      );
      if (!signed || (claims.exp ?? 0) * 1000 < Date.now()) return googleErrors.unauthenticated();
      const aud = AUDIENCE.find(([prefix]) => req.path.startsWith(prefix))?.[1];
      if (claims.aud !== aud) return googleErrors.unauthenticated();
      return undefined;
    } catch {
      return googleErrors.unauthenticated();
    }
  };
}

/** Compute's page size: default and maximum 500, like the real API (which refuses more). */
function computePage(req: FakeRequest): { start: number; size: number } | FakeResponse {
  const raw = req.query.get('maxResults');
  const size = raw === null ? 500 : Number(raw);
  if (!Number.isInteger(size) || size < 0 || size > 500)
    return googleErrors.badRequest(
      `Invalid value for field 'maxResults': '${raw}'. Must be less than or equal to 500`,
    );
  try {
    return { start: decodeToken(req.query.get('pageToken')), size: size === 0 ? 500 : size };
  } catch {
    return googleErrors.badRequest(`Invalid value for field 'pageToken': '${req.query.get('pageToken')}'.`);
  }
}

/** The project of a Compute/Storage request, or the refusal Google would send. */
function projectFor(
  world: GcpWorld,
  id: string | null | undefined,
  api: 'compute' | 'storage',
  collection: Collection,
): FakeProject | FakeResponse {
  const p = world.projects.find((x) => x.projectId === id || x.number === id);
  if (!p || p.state !== 'ACTIVE') return googleErrors.notFound(`projects/${id ?? ''}`);
  if (p.denied) return googleErrors.permissionDenied(`${api}.${collection}.list`, `projects/${p.projectId}`);
  if (api === 'compute' && p.computeDisabled)
    return googleErrors.serviceDisabled('compute.googleapis.com', p.number);
  return p;
}

function isResponse(v: unknown): v is FakeResponse {
  return (
    typeof v === 'object' &&
    v !== null &&
    ('status' in v || 'body' in v) &&
    !('resources' in v) &&
    !('start' in v)
  );
}

/** `zones/<zone>`, `regions/<region>` or `global`: the aggregated list's key of an item. */
function scopeOf(item: Item): string {
  const last = (v: unknown) => (typeof v === 'string' ? v.split('/').pop() : undefined);
  const zone = last(item.zone);
  if (zone) return `zones/${zone}`;
  const region = last(item.region);
  return region ? `regions/${region}` : 'global';
}

interface ListDef {
  collection: Collection;
  /** Compute resource type in kind names (`compute#instanceList`). */
  kind: string;
  /** Discovery schema of the response. */
  schema: string;
}

const AGGREGATED: ListDef[] = [
  { collection: 'instances', kind: 'instance', schema: 'InstanceAggregatedList' },
  { collection: 'disks', kind: 'disk', schema: 'DiskAggregatedList' },
  { collection: 'subnetworks', kind: 'subnetwork', schema: 'SubnetworkAggregatedList' },
  { collection: 'forwardingRules', kind: 'forwardingRule', schema: 'ForwardingRuleAggregatedList' },
  { collection: 'backendServices', kind: 'backendService', schema: 'BackendServiceAggregatedList' },
];
const GLOBAL: ListDef[] = [
  { collection: 'snapshots', kind: 'snapshot', schema: 'SnapshotList' },
  { collection: 'images', kind: 'image', schema: 'ImageList' },
  { collection: 'networks', kind: 'network', schema: 'NetworkList' },
  { collection: 'routes', kind: 'route', schema: 'RouteList' },
  { collection: 'firewalls', kind: 'firewall', schema: 'FirewallList' },
];

const SCHEMA = Symbol('schema');
type Served = FakeResponse & { [SCHEMA]?: [api: string, schema: string] };

function serve(api: string, schema: string, body: Item): Served {
  return { body, [SCHEMA]: [api, schema] };
}

function computeRoutes(world: GcpWorld): Route[] {
  const base = '/compute/v1/projects/:project';
  const aggregated = AGGREGATED.map((def): Route => ({
    name: `aggregated/${def.collection}`,
    method: 'GET',
    path: `${base}/aggregated/${def.collection}`,
    handler: (req) => {
      const p = projectFor(world, req.params.project, 'compute', def.collection);
      if (isResponse(p)) return p;
      const paging = computePage(req);
      if (isResponse(paging)) return paging;
      const page = slice(p.resources[def.collection], paging.start, paging.size, 500);
      const items: Record<string, Item> = {};
      for (const item of page.items) {
        const scope = scopeOf(item);
        const entry = (items[scope] ??= { [def.collection]: [] });
        (entry[def.collection] as Item[]).push(item);
      }
      // Scopes with nothing on this page carry Compute's warning instead of a list.
      items['zones/asia-east1-a'] = {
        warning: {
          code: 'NO_RESULTS_ON_PAGE',
          message: "There are no results for scope 'zones/asia-east1-a' on this page.",
          data: [{ key: 'scope', value: 'zones/asia-east1-a' }],
        },
      };
      return serve('compute.v1', def.schema, {
        kind: `compute#${def.kind}AggregatedList`,
        id: `projects/${p.projectId}/aggregated/${def.collection}`,
        items,
        ...(page.next === undefined ? {} : { nextPageToken: encodeToken(page.next) }),
        selfLink: `https://www.googleapis.com/compute/v1/projects/${p.projectId}/aggregated/${def.collection}`,
      });
    },
  }));
  const global = GLOBAL.map((def): Route => ({
    name: `global/${def.collection}`,
    method: 'GET',
    path: `${base}/global/${def.collection}`,
    handler: (req) => {
      const p = projectFor(world, req.params.project, 'compute', def.collection);
      if (isResponse(p)) return p;
      const paging = computePage(req);
      if (isResponse(paging)) return paging;
      const page = slice(p.resources[def.collection], paging.start, paging.size, 500);
      return serve('compute.v1', def.schema, {
        kind: `compute#${def.kind}List`,
        id: `projects/${p.projectId}/global/${def.collection}`,
        items: page.items,
        ...(page.next === undefined ? {} : { nextPageToken: encodeToken(page.next) }),
        selfLink: `https://www.googleapis.com/compute/v1/projects/${p.projectId}/global/${def.collection}`,
      });
    },
  }));
  const machineType: Route = {
    name: 'machineTypes.get',
    method: 'GET',
    path: `${base}/zones/:zone/machineTypes/:name`,
    handler: (req) => {
      const p = projectFor(world, req.params.project, 'compute', 'instances');
      if (isResponse(p)) return p;
      const spec = world.machineTypes[req.params.name ?? ''];
      const url = `projects/${p.projectId}/zones/${req.params.zone}/machineTypes/${req.params.name}`;
      if (!spec) return googleErrors.notFound(url);
      return serve('compute.v1', 'MachineType', {
        ...fixture('machine-type'),
        name: req.params.name,
        description: `${spec.guestCpus} vCPUs ${spec.memoryMb / 1024} GB RAM`,
        guestCpus: spec.guestCpus,
        memoryMb: spec.memoryMb,
        zone: req.params.zone,
        selfLink: `https://www.googleapis.com/compute/v1/${url}`,
      });
    },
  };
  return [...aggregated, ...global, machineType];
}

/** `parent:organizations/1 state:ACTIVE id:x`: the subset of the v3 search query language used. */
function matchesQuery(p: FakeProject, query: string): boolean {
  for (const term of query.split(/\s+/).filter((t) => t !== '')) {
    const m = /^([a-zA-Z.]+)[:=](.*)$/.exec(term);
    if (!m) return false;
    const [, field, value] = m;
    if (field === 'parent' && p.parent !== value) return false;
    if (field === 'state' && p.state !== value) return false;
    if ((field === 'id' || field === 'projectId') && p.projectId !== value) return false;
  }
  return true;
}

function resourceManagerRoutes(world: GcpWorld): Route[] {
  const page = (req: FakeRequest, projects: FakeProject[], schema: string): FakeResponse => {
    const size = Number(req.query.get('pageSize') ?? 50);
    let start: number;
    try {
      start = decodeToken(req.query.get('pageToken'));
    } catch {
      return googleErrors.badRequest('Request contains an invalid argument.');
    }
    const got = slice(projects, start, size > 0 ? size : 50, 500);
    return serve('cloudresourcemanager.v3', schema, {
      projects: got.items.map(projectResource),
      ...(got.next === undefined ? {} : { nextPageToken: encodeToken(got.next) }),
    });
  };
  return [
    {
      name: 'projects.search',
      method: 'GET',
      path: '/v3/projects:search',
      // Only the projects the key may see (all of them here: denial is per API, below the project).
      handler: (req) =>
        page(
          req,
          world.projects.filter((p) => matchesQuery(p, req.query.get('query') ?? '')),
          'SearchProjectsResponse',
        ),
    },
    {
      name: 'projects.list',
      method: 'GET',
      path: '/v3/projects',
      handler: (req) => {
        const parent = req.query.get('parent');
        if (!parent) return googleErrors.badRequest('parent is required');
        const showDeleted = req.query.get('showDeleted') === 'true';
        return page(
          req,
          world.projects.filter((p) => p.parent === parent && (showDeleted || p.state === 'ACTIVE')),
          'ListProjectsResponse',
        );
      },
    },
    {
      name: 'folders.list',
      method: 'GET',
      path: '/v3/folders',
      handler: (req) => {
        const parent = req.query.get('parent');
        if (!parent) return googleErrors.badRequest('parent is required');
        const showDeleted = req.query.get('showDeleted') === 'true';
        const size = Number(req.query.get('pageSize') ?? 50);
        let start: number;
        try {
          start = decodeToken(req.query.get('pageToken'));
        } catch {
          return googleErrors.badRequest('Request contains an invalid argument.');
        }
        const folders = world.folders.filter(
          (f) => f.parent === parent && (showDeleted || f.state === 'ACTIVE'),
        );
        const got = slice(folders, start, size > 0 ? size : 50, 500);
        return serve('cloudresourcemanager.v3', 'ListFoldersResponse', {
          folders: got.items.map((f) => ({ ...f, createTime: '2023-05-30T12:00:00.000Z' })),
          ...(got.next === undefined ? {} : { nextPageToken: encodeToken(got.next) }),
        });
      },
    },
    {
      name: 'projects.get',
      method: 'GET',
      path: '/v3/projects/:project',
      handler: (req) => {
        const id = req.params.project;
        const p = world.projects.find((x) => x.projectId === id || x.number === id);
        if (!p) return googleErrors.permissionDenied('resourcemanager.projects.get', `projects/${id}`);
        return serve('cloudresourcemanager.v3', 'Project', projectResource(p));
      },
    },
  ];
}

function storageRoutes(world: GcpWorld): Route[] {
  return [
    {
      name: 'buckets.list',
      method: 'GET',
      path: '/storage/v1/b',
      handler: (req) => {
        const p = projectFor(world, req.query.get('project'), 'storage', 'buckets');
        if (isResponse(p)) return p;
        const paging = computePage(req);
        if (isResponse(paging)) return paging;
        const got = slice(p.resources.buckets, paging.start, paging.size, 1000);
        return serve('storage.v1', 'Buckets', {
          kind: 'storage#buckets',
          items: got.items,
          ...(got.next === undefined ? {} : { nextPageToken: encodeToken(got.next) }),
        });
      },
    },
  ];
}

/** Starts the fake over `world` (which stays live: tests change it between crawls). */
export async function startGcpFake(world: GcpWorld): Promise<GcpFake> {
  const fake = await startFakeServer({
    name: 'gcp-fake',
    auth: jwtAuth(world),
    routes: [...computeRoutes(world), ...resourceManagerRoutes(world), ...storageRoutes(world)],
    validate: (_req, res) => {
      const target = (res as Served)[SCHEMA];
      if (!target) return ['served a 2xx body without a discovery schema'];
      return validateDiscovery(target[0], target[1], res.body);
    },
  });
  return { fake, world, endpoint: fake.url, close: () => fake.close() };
}
