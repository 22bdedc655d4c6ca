/**
 * The small typed layer over the OpenStack services the crawl reads: one list operation per command
 * (marker paging, spec §5.5 fixed: the next page comes from the service's own `*_links` / Glance's
 * `next`, so no empty extra scan), the Nova microversion negotiation and the flavor cache.
 */
import type { KeystoneSession } from './keystone.js';
import { OpenStackApiError, requestJson } from './http.js';

export type ServiceName = 'compute' | 'block-storage' | 'image' | 'network' | 'load-balancer';

/** Catalog types of each service, in order of preference. */
export const CATALOG_TYPES: Record<ServiceName, readonly string[]> = {
  compute: ['compute'],
  'block-storage': ['block-storage', 'volumev3'],
  image: ['image'],
  network: ['network'],
  'load-balancer': ['load-balancer'],
};

export interface ListOperation {
  service: ServiceName;
  /** The collection's path under the service's versioned root. */
  path: string;
  /** The response key of the items (and `<key>_links` of the next link). */
  collection: string;
  /** Largest `limit` the service accepts by default (Nova and Neutron cap at 1000, Glance at 1000). */
  maxLimit: number;
}

/** The versioned root of a service from its catalog URL (some catalogs list it unversioned). */
export function versionedRoot(service: ServiceName, endpoint: string): string {
  switch (service) {
    case 'image':
      return /\/v2(\.\d+)?$/.test(endpoint) ? endpoint : `${endpoint}/v2`;
    case 'network':
      return /\/v2\.0$/.test(endpoint) ? endpoint : `${endpoint}/v2.0`;
    case 'load-balancer':
      return /\/v2(\.0)?$/.test(endpoint) ? endpoint : `${endpoint}/v2`;
    default:
      // Nova (`.../v2.1[/<project>]`) and Cinder (`.../v3/<project>`) are listed versioned.
      return endpoint;
  }
}

/** The `marker` of a next link (absolute, or relative like Glance's `/v2/images?marker=...`). */
export function markerOf(href: string | undefined): string | undefined {
  if (!href) return undefined;
  return new URL(href, 'http://relative.invalid').searchParams.get('marker') ?? undefined;
}

/** Compute microversions as [major, minor] for comparison. */
function mv(v: string): [number, number] {
  const [a, b] = v.split('.').map(Number);
  return [a ?? 0, b ?? 0];
}
export function compareMicroversion(a: string, b: string): number {
  const [a1, a2] = mv(a);
  const [b1, b2] = mv(b);
  return a1 - b1 || a2 - b2;
}

/**
 * The highest compute microversion this code reads: 2.100 (servers embed their flavor from 2.47; the
 * normalizer reads both shapes).
 */
export const MAX_COMPUTE_MICROVERSION = '2.100';

/** The version both sides speak: min(server's max, ours, the connection's cap); undefined for legacy v2.0. */
export function negotiate(
  serverMax: string | undefined,
  serverMin: string | undefined,
  cap?: string,
): string | undefined {
  if (!serverMax) return undefined;
  let want =
    compareMicroversion(serverMax, MAX_COMPUTE_MICROVERSION) < 0 ? serverMax : MAX_COMPUTE_MICROVERSION;
  if (cap && compareMicroversion(cap, want) < 0) want = cap;
  if (serverMin && compareMicroversion(want, serverMin) < 0) want = serverMin;
  return want;
}

export interface ListPage {
  items: Record<string, unknown>[];
  marker: string | undefined;
}

interface Flavor {
  id: string;
  vcpus?: number;
  ram?: number;
}

const FLAVOR_TTL_MS = 60 * 60_000;
const FLAVOR_CACHE_MAX = 2000;

/** The services of one set of credentials: endpoints from the session's catalog, 401 → one renewal. */
export class OpenStackServices {
  private readonly microversions = new Map<string, Promise<string | undefined>>();
  private readonly flavors = new Map<string, { at: number; flavor: Promise<Flavor | undefined> }>();

  constructor(readonly session: KeystoneSession) {}

  async root(service: ServiceName, region: string, signal?: AbortSignal): Promise<string> {
    return versionedRoot(service, await this.session.endpoint(CATALOG_TYPES[service], region, signal));
  }

  /** GET with the session's token; a 401 (expired or revoked token) renews it and tries once more. */
  async get<T>(
    service: ServiceName,
    url: string,
    headers: Record<string, string> = {},
    signal?: AbortSignal,
  ): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const token = await this.session.token(signal);
      try {
        const res = await requestJson<T>(service, 'GET', url, {
          headers: { ...headers, 'x-auth-token': token },
          ...(signal ? { signal } : {}),
        });
        return res.body;
      } catch (err) {
        if (attempt === 0 && err instanceof OpenStackApiError && err.status === 401) {
          this.session.invalidate(token);
          continue;
        }
        throw err;
      }
    }
  }

  /** The compute microversion for this region's Nova, asked once (`GET <root>/`: its version document). */
  computeMicroversion(region: string, signal?: AbortSignal): Promise<string | undefined> {
    let v = this.microversions.get(region);
    if (!v) {
      v = (async () => {
        const root = await this.root('compute', region, signal);
        // `.../v2.1/<project>` (older catalogs) has its version document one level up.
        const versionUrl = root.replace(/(\/v2(\.1)?)\/[^/]+$/, '$1');
        const doc = await this.get<{ version?: { version?: string; min_version?: string } }>(
          'compute',
          `${versionUrl}/`,
          {},
          signal,
        );
        return negotiate(
          doc.version?.version || undefined,
          doc.version?.min_version || undefined,
          this.session.credentials.computeVersionCap,
        );
      })();
      v.catch(() => this.microversions.delete(region));
      this.microversions.set(region, v);
    }
    return v;
  }

  /** One page of `op` after `marker`: the items and the next page's marker (none on the last page). */
  async listPage(
    op: ListOperation,
    region: string,
    limit: number,
    marker: string | undefined,
    signal?: AbortSignal,
  ): Promise<ListPage & { microversion?: string }> {
    const root = await this.root(op.service, region, signal);
    const url = new URL(`${root}/${op.path}`);
    url.searchParams.set('limit', String(Math.max(1, Math.min(op.maxLimit, limit))));
    if (marker) url.searchParams.set('marker', marker);
    const headers: Record<string, string> = {};
    let microversion: string | undefined;
    if (op.service === 'compute') {
      microversion = await this.computeMicroversion(region, signal);
      if (microversion) headers['openstack-api-version'] = `compute ${microversion}`;
    }
    const body = await this.get<Record<string, unknown>>(op.service, url.toString(), headers, signal);
    const items = (body[op.collection] ?? []) as Record<string, unknown>[];
    const links = body[`${op.collection}_links`] as { rel?: string; href?: string }[] | undefined;
    const next =
      op.service === 'image' ? (body.next as string | undefined) : links?.find((l) => l.rel === 'next')?.href;
    // A short page is the last one even if a link was sent: no extra empty request.
    const nextMarker = items.length > 0 ? markerOf(next) : undefined;
    return { items, marker: nextMarker, ...(microversion ? { microversion } : {}) };
  }

  /** A flavor's vcpus and ram by id, cached for an hour per region (spec §6.8: the original's 1 h cache). */
  flavor(region: string, id: string, signal?: AbortSignal): Promise<Flavor | undefined> {
    const key = `${region}\u0000${id}`;
    const hit = this.flavors.get(key);
    if (hit && Date.now() - hit.at < FLAVOR_TTL_MS) return hit.flavor;
    // The promise is cached: servers of one page sharing a flavor make one request.
    const flavor = this.fetchFlavor(region, id, signal);
    flavor.catch(() => this.flavors.delete(key));
    if (this.flavors.size >= FLAVOR_CACHE_MAX)
      this.flavors.delete(this.flavors.keys().next().value as string);
    this.flavors.set(key, { at: Date.now(), flavor });
    return flavor;
  }

  private async fetchFlavor(region: string, id: string, signal?: AbortSignal): Promise<Flavor | undefined> {
    const root = await this.root('compute', region, signal);
    try {
      const url = `${root}/flavors/${encodeURIComponent(id)}`;
      return (await this.get<{ flavor: Flavor }>('compute', url, {}, signal)).flavor;
    } catch (err) {
      // A deleted flavor: the server keeps its flavor id and gets no cpu/memory.
      if (err instanceof OpenStackApiError && err.status === 404) return undefined;
      throw err;
    }
  }
}
