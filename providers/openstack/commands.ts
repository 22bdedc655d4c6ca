/**
 * The OpenStack commands (spec §3.1 "OpenStack"): command id → the Maestro entity, the service list
 * operation, its owned fields and its normalizer. Command ids keep the original's `proxy.method` names.
 */
import type { Entity, MappingContext, NormalizedRecord } from '../../core/model.js';
import type { ListOperation } from './services.js';
import { FLAVOR_FIELDS, normalizeFlavor } from './resources/flavors.js';
import { IMAGE_FIELDS, normalizeImage } from './resources/images.js';
import {
  LOAD_BALANCER_FIELDS,
  LOAD_BALANCER_LABEL,
  normalizeLoadBalancer,
} from './resources/load-balancers.js';
import { NETWORK_FIELDS, normalizeNetwork } from './resources/networks.js';
import { normalizePort, PORT_FIELDS } from './resources/ports.js';
import { normalizeRouter, ROUTER_FIELDS } from './resources/routers.js';
import { normalizeSecurityGroup, SECURITY_GROUP_FIELDS } from './resources/security-groups.js';
import { normalizeServer, SERVER_FIELDS } from './resources/servers.js';
import { normalizeSnapshot, SNAPSHOT_FIELDS } from './resources/snapshots.js';
import { normalizeSubnet, SUBNET_FIELDS } from './resources/subnets.js';
import { normalizeVolume, VOLUME_FIELDS } from './resources/volumes.js';

export interface OpenStackCommand {
  entity: Entity;
  op: ListOperation;
  fields: readonly string[];
  normalize: (raw: unknown, ctx: MappingContext) => NormalizedRecord[];
  /** Maestro's recipe labels (permission.json `family`, `provider`). */
  family?: string;
  provider?: string;
}

const op = (service: ListOperation['service'], path: string, collection: string): ListOperation => ({
  service,
  path,
  collection,
  maxLimit: 1000,
});

export const COMMANDS = {
  'compute.servers': {
    entity: 'servers',
    op: op('compute', 'servers/detail', 'servers'),
    fields: SERVER_FIELDS,
    normalize: normalizeServer,
  },
  'compute.flavors': {
    entity: 'flavors',
    op: op('compute', 'flavors/detail', 'flavors'),
    fields: FLAVOR_FIELDS,
    normalize: normalizeFlavor,
  },
  'image.images': {
    entity: 'images',
    op: op('image', 'images', 'images'),
    fields: IMAGE_FIELDS,
    normalize: normalizeImage,
  },
  'block_store.volumes': {
    entity: 'volumes',
    op: op('block-storage', 'volumes/detail', 'volumes'),
    fields: VOLUME_FIELDS,
    normalize: normalizeVolume,
  },
  'block_store.snapshots': {
    entity: 'snapshots',
    op: op('block-storage', 'snapshots/detail', 'snapshots'),
    fields: SNAPSHOT_FIELDS,
    normalize: normalizeSnapshot,
  },
  'network.networks': {
    entity: 'networks',
    op: op('network', 'networks', 'networks'),
    fields: NETWORK_FIELDS,
    normalize: normalizeNetwork,
    family: 'Network',
  },
  'network.subnets': {
    entity: 'networks',
    op: op('network', 'subnets', 'subnets'),
    fields: SUBNET_FIELDS,
    normalize: normalizeSubnet,
    family: 'Subnet',
  },
  'network.ports': {
    entity: 'networks',
    op: op('network', 'ports', 'ports'),
    fields: PORT_FIELDS,
    normalize: normalizePort,
    family: 'Ports',
  },
  'network.routers': {
    entity: 'networks',
    op: op('network', 'routers', 'routers'),
    fields: ROUTER_FIELDS,
    normalize: normalizeRouter,
    family: 'RouteTable',
  },
  'network.security_groups': {
    entity: 'networks',
    op: op('network', 'security-groups', 'security_groups'),
    fields: SECURITY_GROUP_FIELDS,
    normalize: normalizeSecurityGroup,
    family: 'SecurityGroup',
  },
  'load_balancer.load_balancers': {
    entity: 'applications',
    op: op('load-balancer', 'lbaas/loadbalancers', 'loadbalancers'),
    fields: LOAD_BALANCER_FIELDS,
    normalize: normalizeLoadBalancer,
    ...LOAD_BALANCER_LABEL,
  },
} as const satisfies Record<string, OpenStackCommand>;

export type CommandId = keyof typeof COMMANDS;

/** Task → ordered command ids (spec §3.1; `images-list` reads Glance, see resources/images.ts). */
export const TASKS: Record<string, readonly CommandId[]> = {
  'server-list': ['compute.servers'],
  'loadbalance-list': ['load_balancer.load_balancers'],
  'volumes-list': ['block_store.volumes'],
  'snapshot-list': ['block_store.snapshots'],
  'images-list': ['image.images'],
  'security-list': ['network.security_groups'],
  'flavor-list': ['compute.flavors'],
  'network-list': ['network.networks', 'network.subnets', 'network.ports', 'network.routers'],
};
