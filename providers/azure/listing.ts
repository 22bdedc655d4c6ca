/**
 * The Azure listings: one SDK page per call (`byPage({continuationToken})`), the page's `nextLink` as
 * the crawl token, so a fetch retried on another worker resumes mid-listing (§12.2: the original read
 * the whole list and cut it in chunks). Every kind is per subscription.
 */
import type { ComputeManagementClient } from '@azure/arm-compute';
import {
  getContinuationToken as networkContinuation,
  type NetworkManagementClient,
} from '@azure/arm-network';
import { getContinuationToken as subscriptionsContinuation } from '@azure/arm-resources-subscriptions';
import type { MappingContext, NormalizedRecord } from '../../core/model.js';
import type { AzureClients } from './clients.js';
import type { AzureCredentials } from './credentials.js';
import { normalizeImage, IMAGE_FIELDS } from './resources/images.js';
import { normalizeLoadBalancer, LB_FIELDS } from './resources/load-balancers.js';
import { normalizeDisk, DISK_FIELDS } from './resources/managed-disks.js';
import {
  NIC_FIELDS,
  NSG_FIELDS,
  PIP_FIELDS,
  ROUTE_TABLE_FIELDS,
  VNET_FIELDS,
  normalizeNetworkInterface,
  normalizeNetworkSecurityGroup,
  normalizePublicIpAddress,
  normalizeRouteTable,
  normalizeVirtualNetwork,
} from './resources/network.js';
import { normalizeSnapshot, SNAPSHOT_FIELDS } from './resources/snapshots.js';
import {
  normalizeVirtualMachine,
  VM_FIELDS,
  VM_JOIN_FIELD,
  type VmJoin,
} from './resources/virtual-machines.js';

export interface AzurePageInput {
  credentials: AzureCredentials;
  subscription: string;
  token: string | undefined;
  signal: AbortSignal;
}

export interface AzurePage {
  items: unknown[];
  nextToken: string | undefined;
}

export interface AzureKind {
  command: string;
  fields: readonly string[];
  listPage(input: AzurePageInput): Promise<AzurePage>;
  normalize(raw: unknown, ctx: MappingContext): NormalizedRecord[];
}

/** A paged listing of either SDK generation: `byPage` yields arrays; the continuation is on the page. */
interface Paged<T> {
  byPage(settings?: { continuationToken?: string }): AsyncIterableIterator<T[]>;
}

/**
 * Where a page's continuation (nextLink) is: arm-compute (TypeSpec generation) sets `continuationToken`
 * on the page; arm-network and arm-resources-subscriptions keep it in a side table of their own package,
 * read through that package's `getContinuationToken`.
 */
type Continuation = (page: unknown) => string | undefined;
const onPage: Continuation = (page) => (page as { continuationToken?: string }).continuationToken;

/** One page of `paged` from `token` (the nextLink of the previous page; undefined: the first page). */
export async function onePage<T>(
  paged: Paged<T>,
  token: string | undefined,
  continuation: Continuation = onPage,
): Promise<AzurePage> {
  const pages = paged.byPage(token === undefined ? undefined : { continuationToken: token });
  try {
    const r = await pages.next();
    if (r.done) return { items: [], nextToken: undefined };
    const next = continuation(r.value);
    return { items: r.value, nextToken: next || undefined };
  } finally {
    await pages.return?.();
  }
}

/** Every item of a listing (bounded: a server repeating a nextLink cannot loop forever). */
async function allItems<T>(
  paged: () => Paged<T>,
  continuation: Continuation = onPage,
  maxPages = 10_000,
): Promise<T[]> {
  const out: T[] = [];
  let token: string | undefined;
  for (let i = 0; i < maxPages; i++) {
    const page = await onePage(paged(), token, continuation);
    out.push(...(page.items as T[]));
    if (!page.nextToken || page.nextToken === token) return out;
    token = page.nextToken;
  }
  throw new Error(`Azure listing did not end after ${maxPages} pages`);
}

interface NetworkIndex {
  /** NIC id (lower case) → primary private IP and the id of its public IP. */
  nics: Map<string, { privateIp?: string; publicIpId?: string }>;
  /** Public IP id (lower case) → address. */
  publicIps: Map<string, string>;
}

interface SizeSpec {
  cores?: number;
  memoryMB?: number;
}

const JOIN_TTL_MS = 30 * 60_000;
const SIZES_TTL_MS = 6 * 60 * 60_000;

/**
 * The data `server-list` joins onto VMs: the subscription's NICs and public IPs, listed in full once per
 * VM listing (a listing that starts from the first page rebuilds them; later pages, also after a worker
 * restart, reuse them) instead of one GET per VM; and the VM size catalogue per location, cached for 6 h.
 */
export class VmJoiner {
  private readonly networks = new Map<string, { at: number; index: Promise<NetworkIndex> }>();
  private readonly sizes = new Map<string, { at: number; specs: Promise<Map<string, SizeSpec>> }>();

  constructor(private readonly clients: AzureClients) {}

  private network(input: AzurePageInput): Promise<NetworkIndex> {
    const key = `${input.credentials.tenant}|${input.credentials.client}|${input.subscription}`.toLowerCase();
    const hit = this.networks.get(key);
    if (hit && input.token !== undefined && Date.now() - hit.at < JOIN_TTL_MS) return hit.index;
    const net = this.clients.networkClient(input.credentials, input.subscription);
    const index = (async (): Promise<NetworkIndex> => {
      const [nics, pips] = await Promise.all([
        allItems(() => net.networkInterfaces.listAll(this.clients.call(input.signal)), networkContinuation),
        allItems(() => net.publicIPAddresses.listAll(this.clients.call(input.signal)), networkContinuation),
      ]);
      const out: NetworkIndex = { nics: new Map(), publicIps: new Map() };
      for (const p of pips) if (p.id && p.ipAddress) out.publicIps.set(p.id.toLowerCase(), p.ipAddress);
      for (const n of nics) {
        const configs = n.ipConfigurations ?? [];
        const primary = configs.find((c) => c.primary) ?? configs[0];
        if (n.id)
          out.nics.set(n.id.toLowerCase(), {
            privateIp: primary?.privateIPAddress,
            publicIpId: primary?.publicIPAddress?.id,
          });
      }
      return out;
    })();
    this.networks.set(key, { at: Date.now(), index });
    index.catch(() => this.networks.delete(key));
    return index;
  }

  private sizeCatalogue(input: AzurePageInput, location: string): Promise<Map<string, SizeSpec>> {
    const key = `${input.credentials.tenant}|${input.subscription}|${location}`.toLowerCase();
    const hit = this.sizes.get(key);
    if (hit && Date.now() - hit.at < SIZES_TTL_MS) return hit.specs;
    const compute = this.clients.computeClient(input.credentials, input.subscription);
    const specs = allItems(() =>
      compute.virtualMachineSizes.list(location, this.clients.call(input.signal)),
    ).then(
      (list) =>
        new Map(
          list.map((s) => [String(s.name).toLowerCase(), { cores: s.numberOfCores, memoryMB: s.memoryInMB }]),
        ),
    );
    this.sizes.set(key, { at: Date.now(), specs });
    specs.catch(() => this.sizes.delete(key));
    return specs;
  }

  /** Each VM of the page with `VM_JOIN_FIELD`: its primary NIC's addresses and its size's cores/memory. */
  async join(input: AzurePageInput, vms: Array<Record<string, unknown>>): Promise<unknown[]> {
    if (vms.length === 0) return vms;
    const index = await this.network(input);
    const locations = [
      ...new Set(vms.map((v) => v.location).filter((l): l is string => typeof l === 'string' && l !== '')),
    ];
    const catalogues = new Map(
      await Promise.all(locations.map(async (l) => [l, await this.sizeCatalogue(input, l)] as const)),
    );
    return vms.map((vm) => {
      const nics =
        (vm.networkProfile as { networkInterfaces?: Array<{ id?: string; primary?: boolean }> })
          ?.networkInterfaces ?? [];
      const nicRef = nics.find((n) => n.primary) ?? nics[0];
      const nic = nicRef?.id ? index.nics.get(nicRef.id.toLowerCase()) : undefined;
      const size = (vm.hardwareProfile as { vmSize?: string } | undefined)?.vmSize;
      const spec = size ? catalogues.get(String(vm.location))?.get(size.toLowerCase()) : undefined;
      const join: VmJoin = {
        ...(nic?.privateIp ? { ipv4Private: nic.privateIp } : {}),
        ...(nic?.publicIpId && index.publicIps.has(nic.publicIpId.toLowerCase())
          ? { ipv4Public: index.publicIps.get(nic.publicIpId.toLowerCase()) }
          : {}),
        ...(spec?.cores !== undefined ? { cores: spec.cores } : {}),
        ...(spec?.memoryMB !== undefined ? { memoryMB: spec.memoryMB } : {}),
      };
      return { ...vm, [VM_JOIN_FIELD]: join };
    });
  }
}

type Normalize = AzureKind['normalize'];
type Options = { abortSignal: AbortSignal };

/** The Azure kinds by command id (the original's `client.resource.exec`, spec §3.1). */
export function azureKinds(clients: AzureClients, joiner = new VmJoiner(clients)): Record<string, AzureKind> {
  /** A compute (TypeSpec SDK) or network (autorest SDK) list, one page per call. */
  const computeKind = (
    command: string,
    fields: readonly string[],
    list: (c: ComputeManagementClient, o: Options) => Paged<unknown>,
    normalize: Normalize,
  ): AzureKind => ({
    command,
    fields,
    listPage: (i) =>
      onePage(list(clients.computeClient(i.credentials, i.subscription), clients.call(i.signal)), i.token),
    normalize,
  });
  const networkKind = (
    command: string,
    fields: readonly string[],
    list: (c: NetworkManagementClient, o: Options) => Paged<unknown>,
    normalize: Normalize,
  ): AzureKind => ({
    command,
    fields,
    listPage: (i) =>
      onePage(
        list(clients.networkClient(i.credentials, i.subscription), clients.call(i.signal)),
        i.token,
        networkContinuation,
      ),
    normalize,
  });
  const vms = computeKind(
    'compute.virtualMachines.listAll',
    VM_FIELDS,
    (c, o) => c.virtualMachines.listAll(o),
    normalizeVirtualMachine,
  );
  const kinds: AzureKind[] = [
    {
      ...vms,
      // Each page of VMs with its addresses and size joined in (see VmJoiner).
      async listPage(i) {
        const page = await vms.listPage(i);
        return { ...page, items: await joiner.join(i, page.items as Array<Record<string, unknown>>) };
      },
    },
    computeKind('compute.disks.list', DISK_FIELDS, (c, o) => c.disks.list(o), normalizeDisk),
    computeKind('compute.snapshots.list', SNAPSHOT_FIELDS, (c, o) => c.snapshots.list(o), normalizeSnapshot),
    computeKind('compute.images.list', IMAGE_FIELDS, (c, o) => c.images.list(o), normalizeImage),
    networkKind(
      'network.networkInterfaces.listAll',
      NIC_FIELDS,
      (c, o) => c.networkInterfaces.listAll(o),
      normalizeNetworkInterface,
    ),
    networkKind(
      'network.publicIPAddresses.listAll',
      PIP_FIELDS,
      (c, o) => c.publicIPAddresses.listAll(o),
      normalizePublicIpAddress,
    ),
    networkKind(
      'network.routeTables.listAll',
      ROUTE_TABLE_FIELDS,
      (c, o) => c.routeTables.listAll(o),
      normalizeRouteTable,
    ),
    networkKind(
      'network.virtualNetworks.listAll',
      VNET_FIELDS,
      (c, o) => c.virtualNetworks.listAll(o),
      normalizeVirtualNetwork,
    ),
    networkKind(
      'network.networkSecurityGroups.listAll',
      NSG_FIELDS,
      (c, o) => c.networkSecurityGroups.listAll(o),
      normalizeNetworkSecurityGroup,
    ),
    networkKind(
      'network.loadBalancers.listAll',
      LB_FIELDS,
      (c, o) => c.loadBalancers.listAll(o),
      normalizeLoadBalancer,
    ),
  ];
  return Object.fromEntries(kinds.map((k) => [k.command, k]));
}

/**
 * The subscriptions a principal can read (Subscriptions_List, every page): `Enabled`, `Warned` and
 * `PastDue` ones; `Disabled` and `Deleted` ones are skipped (nothing to crawl).
 */
export async function listSubscriptions(
  clients: AzureClients,
  credentials: AzureCredentials,
  signal: AbortSignal,
): Promise<string[]> {
  const subs = await allItems(
    () => clients.subscriptionClient(credentials).subscriptions.list(clients.call(signal)),
    subscriptionsContinuation,
  );
  return subs
    .filter((s) => s.subscriptionId && !/^(disabled|deleted)$/i.test(s.state ?? ''))
    .map((s) => s.subscriptionId as string);
}
