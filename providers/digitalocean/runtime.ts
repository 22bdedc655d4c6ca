/** The DigitalOcean runtime: the API client and the resource kinds (loaded on first use, see index.ts). */
import type { ProviderRuntime } from '../types.js';
import { DoApi, type DoApiOptions } from './api.js';
import type { DoCredentials } from './credentials.js';
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

export type DoRuntime = ProviderRuntime<DoCredentials> & { api: DoApi };

export function createDoRuntime(options: DoApiOptions): DoRuntime {
  const api = new DoApi(options);
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
    resources: Object.fromEntries(kinds.map((k) => [k.command, k])),
    classifyError: classifyDoError,
    async verifyCredentials(conn, signal) {
      try {
        await api.account(conn.credentials.token, signal);
      } catch (err) {
        throw classifyDoError(err);
      }
    },
    api,
  };
}
