import type { Provider } from '../types.js';
import { DoApi, type DoApiOptions } from './api.js';
import { parseDoCredentials, type DoCredentials } from './credentials.js';
import { classifyDoError } from './errors.js';
import { cdnEndpointsKind } from './resources/cdn-endpoints.js';
import { dropletsKind } from './resources/droplets.js';
import { firewallsKind } from './resources/firewalls.js';
import { imagesKind } from './resources/images.js';
import { kubernetesClustersKind } from './resources/kubernetes-clusters.js';
import { loadBalancersKind } from './resources/load-balancers.js';
import { reservedIpsKind } from './resources/reserved-ips.js';
import { snapshotsKind } from './resources/snapshots.js';
import { volumesKind } from './resources/volumes.js';
import { vpcsKind } from './resources/vpcs.js';

export const DO_API_URL = 'https://api.digitalocean.com';

/** Task → commands (spec §3.1 "DigitalOcean"; network-list adds VPCs and reserved IPs). */
export const DO_TASKS = {
  'server-list': ['droplets.list'],
  'volumes-list': ['volumes.list'],
  'images-list': ['images.list'],
  'loadbalance-list': ['load_balancers.list'],
  'snapshot-list': ['snapshots.list'],
  'cdns-list': ['cdn_endpoints.list'],
  'container-orchestration-list': ['kubernetes_clusters.list'],
  'network-list': ['firewalls.list', 'vpcs.list', 'reserved_ips.list'],
} as const;

export function createDigitalOceanProvider(
  options: Partial<DoApiOptions> & { timeoutMs: number },
): Provider<DoCredentials> & { api: DoApi } {
  const api = new DoApi({ baseUrl: options.baseUrl ?? DO_API_URL, ...options });
  const kinds = [
    dropletsKind(api),
    volumesKind(api),
    imagesKind(api),
    loadBalancersKind(api),
    snapshotsKind(api),
    cdnEndpointsKind(api),
    kubernetesClustersKind(api),
    firewallsKind(api),
    vpcsKind(api),
    reservedIpsKind(api),
  ];
  return {
    id: 'digitalocean',
    label: 'Digital Ocean',
    // §3.2/§12.4: the UI's `token_do` and the connector key `Digital Ocean` both reach this provider.
    services: ['token_do', 'Digital Ocean', 'DigitalOcean'],
    tasks: DO_TASKS,
    resources: Object.fromEntries(kinds.map((k) => [k.command, k])),
    parseCredentials: parseDoCredentials,
    // One account, no regions: every kind is global (its scope is `<command>@global`).
    regions: () => ['all'],
    classifyError: classifyDoError,
    verifyCredentials: async (credentials, _region, signal) => {
      try {
        await api.account(credentials.token, signal);
      } catch (err) {
        throw classifyDoError(err);
      }
    },
    catalogue: {
      icon: 'icon-digital-ocean',
      method: ['Api Token'],
      intro: 'Please add your Api token (a read-only personal access token is enough).',
      credentialFields: [{ name: 'token', label: 'Token', secret: true }],
      commandLabels: {
        'droplets.list': { keyComparer: 'unique_id' },
        'load_balancers.list': { family: 'Loadbalance', provider: 'LB (DigitalOcean)' },
        'cdn_endpoints.list': { family: 'CDN', provider: 'CDN (DigitalOcean)' },
        'kubernetes_clusters.list': {
          family: 'ContainerOrchestration',
          provider: 'Kubernetes (DigitalOcean)',
        },
        'firewalls.list': { family: 'Firewall' },
        'vpcs.list': { family: 'Vpc' },
        'reserved_ips.list': { family: 'ReservedIp' },
      },
    },
    api,
  };
}
