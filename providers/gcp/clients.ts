/**
 * The official Google clients, built per credentials: Compute v1 (REST transport), Resource Manager v3
 * and Cloud Storage. Every client authenticates with a self-signed service-account JWT (audience: the
 * API), never Google's token endpoint: one signature per hour, no extra round trip, and the same path
 * against the test fake (`endpoint`, the GCP_ENDPOINT_URL override) as against Google. Retries are off in
 * the clients: the crawl's activities retry, after classifyError decided whether to.
 */
import { createRequire } from 'node:module';
import {
  BackendServicesClient,
  DisksClient,
  FirewallsClient,
  ForwardingRulesClient,
  ImagesClient,
  InstancesClient,
  MachineTypesClient,
  NetworksClient,
  RoutesClient,
  SnapshotsClient,
  SubnetworksClient,
} from '@google-cloud/compute';
import { FoldersClient, ProjectsClient } from '@google-cloud/resource-manager';
import { Storage } from '@google-cloud/storage';
import type { ServiceAccountKey } from './credentials.js';

const COMPUTE = {
  instances: InstancesClient,
  disks: DisksClient,
  snapshots: SnapshotsClient,
  images: ImagesClient,
  networks: NetworksClient,
  subnetworks: SubnetworksClient,
  routes: RoutesClient,
  firewalls: FirewallsClient,
  forwardingRules: ForwardingRulesClient,
  backendServices: BackendServicesClient,
  machineTypes: MachineTypesClient,
} as const;
export type ComputeCollection = keyof typeof COMPUTE;
export type ComputeClient = InstanceType<(typeof COMPUTE)[ComputeCollection]>;

/** The connection's endpoint: the override URL (tests) or Google. */
export interface GcpEndpoint {
  /** `http://127.0.0.1:1234`; undefined: Google's public endpoints. */
  url: string | undefined;
  timeoutMs: number;
}

function gaxOptions(key: ServiceAccountKey, endpoint: GcpEndpoint): Record<string, unknown> {
  const base = {
    // private_key_id becomes the JWT's `kid`, which Google requires on self-signed JWTs.
    credentials: {
      type: 'service_account',
      project_id: key.project_id,
      private_key_id: key.private_key_id,
      client_email: key.client_email,
      private_key: key.private_key,
    },
    projectId: key.project_id,
    fallback: 'rest',
    // No scopes: the auth library then signs its own JWT with the API as audience (no token endpoint).
    scopes: undefined,
  };
  if (!endpoint.url) return base;
  const url = new URL(endpoint.url);
  return {
    ...base,
    apiEndpoint: url.hostname,
    port: Number(url.port || (url.protocol === 'https:' ? 443 : 80)),
    protocol: url.protocol.replace(':', ''),
  };
}

/** google-auth-library 9 (the one @google-cloud/storage 7 ships with: 10's headers are not read by it). */
const storageAuth = createRequire(createRequire(import.meta.url).resolve('@google-cloud/storage'))(
  'google-auth-library',
) as {
  JWT: new (opts: { email: string; key: string; keyId: string }) => { defaultServicePath?: string };
};

export class GcpClients {
  private readonly compute = new Map<string, ComputeClient>();
  private projectsClient: ProjectsClient | undefined;
  private foldersClient: FoldersClient | undefined;
  private storageClient: Storage | undefined;

  constructor(
    readonly key: ServiceAccountKey,
    readonly endpoint: GcpEndpoint,
  ) {}

  computeClient<K extends ComputeCollection>(collection: K): InstanceType<(typeof COMPUTE)[K]> {
    let c = this.compute.get(collection);
    if (!c) {
      const Ctor = COMPUTE[collection] as new (opts: Record<string, unknown>) => ComputeClient;
      c = new Ctor(gaxOptions(this.key, this.endpoint));
      this.compute.set(collection, c);
    }
    return c as InstanceType<(typeof COMPUTE)[K]>;
  }

  projects(): ProjectsClient {
    this.projectsClient ??= new ProjectsClient(gaxOptions(this.key, this.endpoint) as never);
    return this.projectsClient;
  }

  folders(): FoldersClient {
    this.foldersClient ??= new FoldersClient(gaxOptions(this.key, this.endpoint) as never);
    return this.foldersClient;
  }

  storage(): Storage {
    if (!this.storageClient) {
      const jwt = new storageAuth.JWT({
        email: this.key.client_email,
        key: this.key.private_key,
        keyId: this.key.private_key_id,
      });
      jwt.defaultServicePath = 'storage.googleapis.com';
      this.storageClient = new Storage({
        authClient: jwt as never,
        projectId: this.key.project_id,
        retryOptions: { autoRetry: false },
        ...(this.endpoint.url ? { apiEndpoint: this.endpoint.url, useAuthWithCustomEndpoint: true } : {}),
      });
    }
    return this.storageClient;
  }

  async close(): Promise<void> {
    await Promise.all([...this.compute.values()].map((c) => c.close()));
    await this.projectsClient?.close();
    await this.foldersClient?.close();
    this.compute.clear();
    this.projectsClient = undefined;
    this.foldersClient = undefined;
    this.storageClient = undefined;
  }
}

/** Call options of one page: no client-side retries or paging, the HTTP timeout. */
export function callOptions(endpoint: GcpEndpoint): Record<string, unknown> {
  return { autoPaginate: false, retry: { retryCodes: [] }, timeout: endpoint.timeoutMs };
}

/**
 * A decoded Compute/Resource Manager message as plain JSON: the REST client fills in proto defaults
 * (empty lists and maps, `_field: "field"` oneof markers, nulls) that the API never sent; they are
 * dropped so staged pages and checksums hold only what Google returned.
 */
export function plain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plain);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (v === null || v === undefined) continue;
    if (k.startsWith('_') && v === k.slice(1)) continue;
    if (Array.isArray(v) && v.length === 0) continue;
    const p = plain(v);
    if (typeof p === 'object' && p !== null && !Array.isArray(p) && Object.keys(p).length === 0) continue;
    out[k] = p;
  }
  return out;
}
