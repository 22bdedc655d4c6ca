// The DigitalOcean API fake: the vendor's own response examples (openapi.json), multiplied into many
// resources, served over HTTPS with DO's paging (`page`/`per_page`, `links.pages`, `meta.total`), its
// bearer check and rate-limit headers, its error bodies on demand, and every body it serves validated
// against the spec's schemas. Tests edit `table` to make resources appear, change or disappear.
import {
  bearerAuth,
  linkTo,
  slice,
  startFakeServer,
  variant,
  type FakeRequest,
  type FakeResponse,
  type FakeServer,
} from '../kit.js';
import { bodyValidator, exampleBodies, queryParameters, resolve } from './spec.js';

type Item = Record<string, unknown>;

/** The lists the fake serves: resource name → its path and body key. */
export const DO_LISTS = {
  droplets: { path: '/v2/droplets', key: 'droplets' },
  volumes: { path: '/v2/volumes', key: 'volumes' },
  images: { path: '/v2/images', key: 'images' },
  snapshots: { path: '/v2/snapshots', key: 'snapshots' },
  load_balancers: { path: '/v2/load_balancers', key: 'load_balancers' },
  cdn_endpoints: { path: '/v2/cdn/endpoints', key: 'endpoints' },
  kubernetes_clusters: { path: '/v2/kubernetes/clusters', key: 'kubernetes_clusters' },
  firewalls: { path: '/v2/firewalls', key: 'firewalls' },
  vpcs: { path: '/v2/vpcs', key: 'vpcs' },
  reserved_ips: { path: '/v2/reserved_ips', key: 'reserved_ips' },
} as const;
export type DoList = keyof typeof DO_LISTS;

/** A deterministic UUID for the i-th generated resource of a list. */
export function fakeUuid(list: DoList, i: number): string {
  const n = Object.keys(DO_LISTS).indexOf(list) + 1;
  return `${String(n).padStart(8, '0')}-0000-4000-8000-${String(i).padStart(12, '0')}`;
}

/**
 * The statuses the generated resources cycle through, so that every §6.7 status rule is exercised by
 * the golden files (index i gets `cycle[i % cycle.length]`).
 */
const STATUS_CYCLES: Partial<Record<DoList, (item: Item, i: number) => void>> = {
  droplets: (d, i) => (d.status = ['active', 'off', 'new', 'archive'][i % 4]),
  images: (d, i) => (d.status = ['available', 'pending', 'deleted', 'NEW', 'retired'][i % 5]),
  load_balancers: (d, i) => (d.status = ['active', 'new', 'errored'][i % 3]),
  kubernetes_clusters: (d, i) =>
    (d.status = {
      state: ['running', 'provisioning', 'error', 'degraded', 'deleting'][i % 5],
      message: 'fake',
    }),
  firewalls: (d, i) => (d.status = ['succeeded', 'waiting', 'failed'][i % 3]),
};

/** The i-th resource of a list: the vendor example i (cycling), with a unique id and name. */
function generate(list: DoList, templates: Item[], i: number): Item {
  return variant(
    templates[i % templates.length] as Item,
    (d) => {
      if (list === 'reserved_ips') {
        d.ip = `45.55.${Math.floor(i / 250)}.${(i % 250) + 1}`;
        return;
      }
      d.id = typeof d.id === 'number' ? 3_164_000 + i : fakeUuid(list, i);
      if (list === 'cdn_endpoints') d.endpoint = `static-${i}.nyc3.cdn.digitaloceanspaces.com`;
      else d.name = `${typeof d.name === 'string' ? d.name : list}-${i}`;
      STATUS_CYCLES[list]?.(d, i);
    },
    i,
  );
}

/** The example items of a list, across all its named examples, each distinct example once. */
export function templatesOf(list: DoList): Item[] {
  const { path, key } = DO_LISTS[list];
  const seen = new Set<string>();
  const out: Item[] = [];
  for (const body of exampleBodies(path)) {
    for (const item of (body[key] as Item[] | undefined) ?? []) {
      const sig = JSON.stringify(item);
      if (!seen.has(sig)) {
        seen.add(sig);
        out.push(item);
      }
    }
  }
  if (out.length === 0) throw new Error(`DigitalOcean spec: no example items for ${path}`);
  return out;
}

export interface DoFakeOptions {
  /** Resources per list (default 7, images 10 of which 8 private: three pages at per_page 3). */
  count?: number | Partial<Record<DoList, number>>;
  /** The accepted bearer token. */
  token?: string;
}

export interface DoFake extends FakeServer {
  token: string;
  /** The served resources, by list: edit to add, change or remove resources between crawls. */
  table: Record<DoList, Item[]>;
  /** The hourly budget the rate-limit headers report (tests set `remaining: 0`). */
  rate: { limit: number; remaining: number; resetAt: number };
  /**
   * Answers the next `times` requests of a list with DO's real error: its status, its body (the spec's
   * example for 401/404/429/500; DO's `forbidden` body for 403) and its rate-limit headers.
   */
  failWith(
    list: DoList | 'account',
    status: 401 | 403 | 404 | 429 | 500,
    opts?: { times?: number; resetInSeconds?: number },
  ): void;
}

/** DO's error bodies: the spec's examples, and the 403 a scoped token without the resource's scope gets. */
function errorBody(status: number): Item {
  if (status === 403) return { id: 'forbidden', message: 'You are not authorized to perform this operation' };
  const name = { 401: 'unauthorized', 404: 'not_found', 429: 'too_many_requests', 500: 'server_error' }[
    status
  ];
  const res = resolve({ $ref: `#/components/responses/${name}` });
  return ((res.content as Item)['application/json'] as Item).example as Item;
}

export async function startDoFake(opts: DoFakeOptions = {}): Promise<DoFake> {
  const token = opts.token ?? 'dop_v1_fake_token';
  const countOf = (list: DoList) =>
    typeof opts.count === 'number' ? opts.count : (opts.count?.[list] ?? (list === 'images' ? 10 : 7));
  const table = Object.fromEntries(
    (Object.keys(DO_LISTS) as DoList[]).map((list) => {
      const templates = templatesOf(list);
      return [list, Array.from({ length: countOf(list) }, (_, i) => generate(list, templates, i))];
    }),
  ) as Record<DoList, Item[]>;
  const rate = { limit: 5000, remaining: 5000, resetAt: Math.floor(Date.now() / 1000) + 60 };
  const rateHeaders = (): Record<string, string> => ({
    'ratelimit-limit': String(rate.limit),
    'ratelimit-remaining': String(Math.max(0, rate.remaining)),
    'ratelimit-reset': String(rate.resetAt),
  });

  const listRoute = (list: DoList) => ({
    path: DO_LISTS[list].path,
    method: 'GET',
    name: list,
    handler: (req: FakeRequest): FakeResponse => {
      const { path, key } = DO_LISTS[list];
      const allowed = queryParameters(path);
      const unknown = [...req.query.keys()].filter((k) => !allowed.has(k));
      if (unknown.length > 0)
        return {
          status: 400,
          body: { id: 'bad_request', message: `unknown parameter ${unknown.join(', ')}` },
        };
      const perPage = Number(req.query.get('per_page') ?? 20);
      const page = Number(req.query.get('page') ?? 1);
      if (!Number.isInteger(perPage) || perPage < 1 || perPage > 200 || !Number.isInteger(page) || page < 1)
        return { status: 400, body: { id: 'bad_request', message: 'invalid page or per_page' } };
      let items = table[list];
      if (list === 'images' && req.query.get('private') === 'true')
        items = items.filter((i) => i.public !== true);
      const { items: pageItems, next } = slice(items, (page - 1) * perPage, perPage, 200);
      const last = Math.max(1, Math.ceil(items.length / perPage));
      const pages: Record<string, string> = {};
      if (page > 1) {
        pages.first = linkTo(req, { page: 1 });
        pages.prev = linkTo(req, { page: page - 1 });
      }
      if (next !== undefined) {
        pages.next = linkTo(req, { page: page + 1 });
        pages.last = linkTo(req, { page: last });
      }
      rate.remaining -= 1;
      return {
        headers: rateHeaders(),
        body: { [key]: pageItems, links: { pages }, meta: { total: items.length } },
      };
    },
  });

  const listByPath = new Map(Object.entries(DO_LISTS).map(([list, { path }]) => [path, list as DoList]));
  const server = await startFakeServer({
    name: 'digitalocean',
    tls: true,
    auth: bearerAuth((t) => t === token, errorBody(401)),
    routes: [
      ...(Object.keys(DO_LISTS) as DoList[]).map(listRoute),
      {
        path: '/v2/account',
        method: 'GET',
        name: 'account',
        handler: () => ({ headers: rateHeaders(), body: accountExample() }),
      },
    ],
    validate: (req, res) => {
      const list = listByPath.get(req.path.replace(/\/$/, '') as (typeof DO_LISTS)[DoList]['path']);
      const path = list ? DO_LISTS[list].path : '/v2/account';
      const check = bodyValidator(path);
      return check(res.body) ? [] : (check.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
    },
  });

  return Object.assign(server, {
    token,
    table,
    rate,
    failWith(
      list: DoList | 'account',
      status: 401 | 403 | 404 | 429 | 500,
      o: { times?: number; resetInSeconds?: number } = {},
    ) {
      const headers = rateHeaders();
      if (status === 429) {
        headers['ratelimit-remaining'] = '0';
        headers['ratelimit-reset'] = String(Math.ceil(Date.now() / 1000) + (o.resetInSeconds ?? 2));
      }
      server.inject({ match: list, status, body: errorBody(status), headers, times: o.times ?? 1 });
    },
  });
}

/** `/v2/account` has no body example: the account is built from its schema's property examples. */
function accountExample(): Item {
  const schema = resolve({ $ref: '#/components/schemas/account' });
  const account = Object.fromEntries(
    Object.entries(schema.properties as Item)
      .map(([k, v]) => [k, resolve(v).example] as const)
      .filter(([, v]) => v !== undefined && typeof v !== 'object'),
  );
  return { account };
}
