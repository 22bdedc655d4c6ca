import { withLinks } from '../../../core/links.js';
import type { MappingContext, NormalizedRecord } from '../../../core/model.js';
import type { DoApi } from '../api.js';
import {
  appRecord,
  capitalize,
  dcBlock,
  idOf,
  tagFields,
  tagLinks,
  toDate,
  type AppLabel,
} from '../records.js';
import { appKindFields, doKind } from './kind.js';

/**
 * Kubernetes clusters with their node pools → `applications`, provider `Kubernetes (DigitalOcean)`,
 * family `ContainerOrchestration` (spec §6.7; DO `GET /v2/kubernetes/clusters`). Fix: DO's cluster
 * `status` is an object `{state, message}`; the original capitalized the object and compared it with
 * "errored", so `status` was garbage and `active` always true; DO's state is moreover `error`, never
 * "errored". Here `status` is the capitalized `status.state`, and `active` is false when the state is
 * `error` (§6.7's rule, with DO's spelling), `deleting` or `deleted`.
 * `role.node_pools` keeps each pool's identity, size and scaling, and its nodes' id, name, droplet and
 * state (not their timestamps, which would make every crawl an update).
 */
export const K8S_LABEL: AppLabel = {
  provider: 'Kubernetes (DigitalOcean)',
  family: 'ContainerOrchestration',
};
export const K8S_FIELDS = appKindFields('name', 'role', 'created_at', 'status', 'tags', 'environment');

const INACTIVE = new Set(['error', 'errored', 'deleting', 'deleted']);

interface Node {
  id?: string;
  name?: string;
  droplet_id?: string;
  status?: { state?: string };
}

function nodePool(p: Record<string, unknown>): Record<string, unknown> {
  return {
    unique_id: idOf(p.id),
    name: p.name,
    size: p.size,
    count: p.count,
    auto_scale: p.auto_scale,
    min_nodes: p.min_nodes,
    max_nodes: p.max_nodes,
    tags: p.tags,
    labels: p.labels,
    taints: p.taints,
    nodes: (Array.isArray(p.nodes) ? (p.nodes as Node[]) : []).map((n) => ({
      unique_id: n.id,
      name: n.name,
      droplet_id: n.droplet_id,
      status: n.status?.state,
    })),
  };
}

export function normalizeKubernetesCluster(raw: unknown, ctx: MappingContext): NormalizedRecord[] {
  const c = raw as Record<string, unknown>;
  const id = idOf(c.id);
  if (!id) return [];
  const state = (c.status as { state?: string } | undefined)?.state ?? '';
  const pools = Array.isArray(c.node_pools) ? (c.node_pools as Record<string, unknown>[]) : [];
  return [
    withLinks(
      appRecord(K8S_LABEL, id, !INACTIVE.has(state), {
        name: c.name,
        role: {
          region: c.region,
          endpoint: c.endpoint,
          version: c.version,
          ipv4: c.ipv4,
          cluster_subnet: c.cluster_subnet,
          service_subnet: c.service_subnet,
          vpc_uuid: c.vpc_uuid,
          ha: c.ha,
          auto_upgrade: c.auto_upgrade,
          node_pools: pools.map(nodePool),
        },
        created_at: toDate(c.created_at),
        status: capitalize(state),
        ...tagFields(c.tags),
        datacenters: dcBlock(ctx, c),
      }),
      tagLinks(c.tags),
    ),
  ];
}

export const kubernetesClustersKind = (api: DoApi) =>
  doKind(api, {
    command: 'kubernetes_clusters.list',
    path: '/v2/kubernetes/clusters',
    resultKey: 'kubernetes_clusters',
    fields: K8S_FIELDS,
    normalize: normalizeKubernetesCluster,
  });
