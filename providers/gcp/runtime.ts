/** The GCP provider's runtime: Google's clients and the resource kinds (loaded on first use, see index.ts). */
import type {
  ListPageInput,
  ListPageResult,
  ProviderConnection,
  ProviderRuntime,
  ResourceKind,
} from '../types.js';
import { callOptions, GcpClients, type ComputeCollection, type GcpEndpoint } from './clients.js';
import type { GcpCredentials } from './credentials.js';
import { classifyGcpError } from './errors.js';
import { machineTypeCache, type MachineTypeCache } from './machine-types.js';
import { aggregatedPage, bucketsPage, globalPage } from './paging.js';
import { projectsUnder } from './projects.js';
import { BACKEND_SERVICE_FIELDS, normalizeBackendService } from './resources/backend-services.js';
import { BUCKET_FIELDS, normalizeBucket } from './resources/buckets.js';
import { DISK_FIELDS, normalizeDisk } from './resources/disks.js';
import { FIREWALL_FIELDS, normalizeFirewall } from './resources/firewalls.js';
import { FORWARDING_RULE_FIELDS, normalizeForwardingRule } from './resources/forwarding-rules.js';
import { IMAGE_FIELDS, normalizeImage } from './resources/images.js';
import {
  INSTANCE_FIELDS,
  MACHINE_TYPE_FIELD,
  normalizeInstance,
  type GcpInstance,
} from './resources/instances.js';
import { NETWORK_FIELDS, normalizeNetwork } from './resources/networks.js';
import { normalizeRoute, ROUTE_FIELDS } from './resources/routes.js';
import { normalizeSnapshot, SNAPSHOT_FIELDS } from './resources/snapshots.js';
import { normalizeSubnetwork, SUBNETWORK_FIELDS } from './resources/subnetworks.js';
import type { MappingContext, NormalizedRecord } from '../../core/model.js';

export interface GcpRuntimeOptions {
  /** GCP_ENDPOINT_URL: every Google API at this URL (the fake in tests); empty: Google. */
  endpoint: string;
  timeoutMs: number;
  machineTypes?: MachineTypeCache;
}

export type GcpRuntime = ProviderRuntime<GcpCredentials> & { clientsFor(creds: GcpCredentials): GcpClients };

type Input = ListPageInput<GcpCredentials>;

/** The project a scope lists: its account (organization/folder connections), else the connection's. */
function projectOf(input: { account?: string; connection: ProviderConnection<GcpCredentials> }): string {
  return input.account ?? input.connection.credentials.project;
}

export function createGcpRuntime(options: GcpRuntimeOptions): GcpRuntime {
  const endpoint: GcpEndpoint = { url: options.endpoint || undefined, timeoutMs: options.timeoutMs };
  const cache = options.machineTypes ?? machineTypeCache;
  // One client set per key (clients hold sockets and signed JWTs); never shared across keys (§12.3).
  const clients = new Map<string, GcpClients>();
  const clientsFor = (creds: GcpCredentials): GcpClients => {
    const id = `${creds.key.client_email}/${creds.key.private_key_id}`;
    let c = clients.get(id);
    if (!c) {
      c = new GcpClients(creds.key, endpoint);
      clients.set(id, c);
    }
    return c;
  };

  const kind = (
    fields: readonly string[],
    listPage: (input: Input) => Promise<ListPageResult>,
    normalize: (raw: unknown, ctx: MappingContext) => NormalizedRecord[],
  ): ResourceKind<GcpCredentials> => ({ fields, listPage, normalize });
  const aggregated = (collection: ComputeCollection) => (input: Input) =>
    aggregatedPage(
      clientsFor(input.connection.credentials),
      collection,
      projectOf(input),
      input.pageSize,
      input.token,
      input.signal,
    );
  const global = (collection: ComputeCollection) => (input: Input) =>
    globalPage(
      clientsFor(input.connection.credentials),
      collection,
      projectOf(input),
      input.pageSize,
      input.token,
      input.signal,
    );

  /** Instances, each with its machine type's vCPUs and memory (one cached catalogue call per new type). */
  const instances = async (input: Input): Promise<ListPageResult> => {
    const page = await aggregated('instances')(input);
    const items = page.items as GcpInstance[];
    const wanted = items.flatMap((i) => {
      const parts = (i.machineType ?? '').split('/');
      const zone = parts[parts.indexOf('zones') + 1];
      const name = parts.at(-1);
      return zone && name ? [{ zone, name }] : [];
    });
    if (wanted.length === 0) return page;
    const specs = await cache.lookup(clientsFor(input.connection.credentials), projectOf(input), wanted);
    return {
      ...page,
      items: items.map((i) => {
        const parts = (i.machineType ?? '').split('/');
        const spec = specs.get(`${parts[parts.indexOf('zones') + 1]}/${parts.at(-1)}`);
        return spec ? { ...i, [MACHINE_TYPE_FIELD]: spec } : i;
      }),
    };
  };

  const resources: Record<string, ResourceKind<GcpCredentials>> = {
    'compute.instances': kind(INSTANCE_FIELDS, instances, normalizeInstance),
    'compute.disks': kind(DISK_FIELDS, aggregated('disks'), normalizeDisk),
    'compute.snapshots': kind(SNAPSHOT_FIELDS, global('snapshots'), normalizeSnapshot),
    'compute.images': kind(IMAGE_FIELDS, global('images'), normalizeImage),
    'compute.networks': kind(NETWORK_FIELDS, global('networks'), normalizeNetwork),
    'compute.subnetworks': kind(SUBNETWORK_FIELDS, aggregated('subnetworks'), normalizeSubnetwork),
    'compute.routes': kind(ROUTE_FIELDS, global('routes'), normalizeRoute),
    'compute.firewalls': kind(FIREWALL_FIELDS, global('firewalls'), normalizeFirewall),
    'compute.forwardingRules': kind(
      FORWARDING_RULE_FIELDS,
      aggregated('forwardingRules'),
      normalizeForwardingRule,
    ),
    'compute.backendServices': kind(
      BACKEND_SERVICE_FIELDS,
      aggregated('backendServices'),
      normalizeBackendService,
    ),
    'storage.buckets': kind(
      BUCKET_FIELDS,
      (input) =>
        bucketsPage(
          clientsFor(input.connection.credentials),
          projectOf(input),
          input.pageSize,
          input.token,
          input.signal,
        ),
      normalizeBucket,
    ),
  };

  return {
    resources,
    classifyError: classifyGcpError,
    clientsFor,
    /**
     * Organization/folder connections: every ACTIVE project under the parent, nested folders included
     * (projects.ts), each crawled as its own scopes. A project connection is one account (undefined).
     */
    async accounts(conn, signal) {
      const parent = conn.credentials.parent;
      return parent ? projectsUnder(clientsFor(conn.credentials), parent, signal) : undefined;
    },
    /** The key can read the project (or search the parent): Resource Manager answers. */
    async verifyCredentials(conn, signal) {
      signal.throwIfAborted();
      const rm = clientsFor(conn.credentials).projects();
      if (conn.credentials.parent)
        await rm.searchProjects(
          { query: `parent:${conn.credentials.parent}`, pageSize: 1 },
          callOptions(endpoint),
        );
      else await rm.getProject({ name: `projects/${conn.credentials.project}` }, callOptions(endpoint));
    },
    close() {
      for (const c of clients.values()) void c.close();
      clients.clear();
    },
  };
}
