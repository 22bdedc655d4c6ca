// The OpenStack fake's fixture table: each service's vendored API sample (test/fixtures/openstack/samples,
// SOURCES.md) multiplied into many resources per region with `variant`, ids stable across runs.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { variant } from '../kit.js';

export const SAMPLES_DIR = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../../test/fixtures/openstack/samples',
);

type Item = Record<string, unknown>;

export function sample(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(SAMPLES_DIR, file), 'utf8')) as Record<string, unknown>;
}

/** A UUID-shaped id, stable for (kind, region, index). */
export function stableId(kind: string, region: string, index: number): string {
  const h = createHash('sha1').update(`${kind}/${region}/${index}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** The collections the fake serves, with the sample file(s) each is made from. */
export const COLLECTIONS = {
  servers: 'nova/servers-details-v2.1.json',
  flavors: 'nova/flavors-detail-v2.1.json',
  images: 'glance/images-list.json',
  volumes: 'cinder/volumes-list-detailed.json',
  snapshots: 'cinder/snapshots-list-detailed.json',
  networks: 'neutron-lib/networks-list.json',
  subnets: 'neutron-lib/subnets-list.json',
  ports: 'neutron-lib/ports-list.json',
  routers: 'neutron-lib/routers-list.json',
  security_groups: 'neutron-lib/security-groups-list.json',
  loadbalancers: 'octavia/loadbalancers-list.json',
} as const;
export type Collection = keyof typeof COLLECTIONS;
export const COLLECTION_NAMES = Object.keys(COLLECTIONS) as Collection[];

/** Sample items of a collection (the file's list under the collection's key). */
export function templates(collection: Collection, file: string = COLLECTIONS[collection]): Item[] {
  return sample(file)[collection] as Item[];
}

// Statuses cycled through the multiplied items, so every page carries the status maps (spec §6.8).
const SERVER_STATUSES = ['ACTIVE', 'SHUTOFF', 'REBOOT', 'PAUSED', 'ERROR', 'SHELVED_OFFLOADED', 'BUILD'];
const VOLUME_STATUSES = ['available', 'in-use', 'creating', 'error', 'deleting'];
const IMAGE_STATUSES = ['active', 'queued', 'deactivated'];
const LB_STATUSES = ['ACTIVE', 'PENDING_UPDATE', 'ERROR'];

/** Per-collection edits that make item `i` of `region` a distinct, realistic resource. */
const PATCH: Record<Collection, (copy: Item, i: number, region: string, ctx: PatchContext) => void> = {
  servers(s, i, region, ctx) {
    s.name = `${String(s.name)}-${i}`;
    s.status = SERVER_STATUSES[i % SERVER_STATUSES.length];
    s.tenant_id = ctx.projectId;
    s.addresses = {
      private: [
        {
          addr: `192.168.${ctx.regionIndex}.${10 + i}`,
          'OS-EXT-IPS-MAC:mac_addr': `fa:16:3e:00:0${ctx.regionIndex}:${(i % 256).toString(16).padStart(2, '0')}`,
          'OS-EXT-IPS:type': 'fixed',
          version: 4,
        },
        ...(i % 2 === 0
          ? [
              {
                addr: `203.0.${ctx.regionIndex}.${10 + i}`,
                'OS-EXT-IPS-MAC:mac_addr': `fa:16:3e:00:0${ctx.regionIndex}:${(i % 256).toString(16).padStart(2, '0')}`,
                'OS-EXT-IPS:type': 'floating',
                version: 4,
              },
            ]
          : []),
      ],
    };
    s.metadata = {
      ...(s.metadata as Item),
      environment: i % 2 === 0 ? 'production' : 'staging',
      role: 'web',
      ...(i % 3 === 0 ? { applications: 'shop, billing' } : {}),
    };
    s.key_name = i % 2 === 0 ? 'deploy-key' : null;
    s['os-extended-volumes:volumes_attached'] = [
      { id: stableId('volumes', region, i), delete_on_termination: false },
    ];
    const flavor = s.flavor as Item;
    if ('id' in flavor) flavor.id = String((i % 5) + 1);
  },
  flavors() {},
  images(m, i, region, ctx) {
    m.name = `${String(m.name)}-${i}`;
    m.status = IMAGE_STATUSES[i % IMAGE_STATUSES.length];
    m.owner = ctx.projectId;
    m.self = `/v2/images/${String(m.id)}`;
    m.file = `/v2/images/${String(m.id)}/file`;
    if (i % 2 === 1) m.tags = ['golden'];
  },
  volumes(v, i, region, ctx) {
    v.name = i % 4 === 3 ? null : `data-${i}`;
    v.status = VOLUME_STATUSES[i % VOLUME_STATUSES.length];
    v['os-vol-tenant-attr:tenant_id'] = ctx.projectId;
    v.metadata =
      i % 3 === 0 ? { environment: 'production', applications_id: '64b000000000000000000001' } : {};
    v.attachments =
      v.status === 'in-use'
        ? [
            {
              server_id: stableId('servers', region, i),
              attachment_id: stableId('attachments', region, i),
              attached_at: '2019-01-02T03:04:05.000000',
              device: '/dev/vdb',
              host_name: null,
              id: String(v.id),
              volume_id: String(v.id),
            },
          ]
        : [];
    v.links = [];
  },
  snapshots(s, i, region, ctx) {
    s.name = `snap-${i}`;
    s.volume_id = stableId('volumes', region, i);
    s['os-extended-snapshot-attributes:project_id'] = ctx.projectId;
    s.status = i % 4 === 3 ? 'error' : 'available';
    s['os-extended-snapshot-attributes:progress'] = '100%';
  },
  networks(n, i, _region, ctx) {
    n.name = `net-${i}`;
    n.project_id = ctx.projectId;
    n.tenant_id = ctx.projectId;
  },
  subnets(s, i, region, ctx) {
    s.name = `subnet-${i}`;
    s.network_id = stableId('networks', region, i);
    s.project_id = ctx.projectId;
    s.tenant_id = ctx.projectId;
    if (s.ip_version === 4) s.cidr = `10.${ctx.regionIndex}.${i}.0/24`;
  },
  ports(p, i, region, ctx) {
    p.network_id = stableId('networks', region, i);
    p.project_id = ctx.projectId;
    p.tenant_id = ctx.projectId;
    p.mac_address = `fa:16:3e:01:0${ctx.regionIndex}:${(i % 256).toString(16).padStart(2, '0')}`;
  },
  routers(r, i, _region, ctx) {
    r.name = `router-${i}`;
    r.project_id = ctx.projectId;
    r.tenant_id = ctx.projectId;
  },
  security_groups(g, i, _region, ctx) {
    g.name = i === 0 ? 'default' : `sg-${i}`;
    g.project_id = ctx.projectId;
    g.tenant_id = ctx.projectId;
  },
  loadbalancers(lb, i, _region, ctx) {
    lb.name = `lb-${i}`;
    lb.provisioning_status = LB_STATUSES[i % LB_STATUSES.length];
    lb.project_id = ctx.projectId;
  },
};

interface PatchContext {
  projectId: string;
  regionIndex: number;
}

/**
 * `count` resources of a collection in `region`: sample items cycled, each with a stable id and the
 * collection's patch. Flavors are the sample's own list, ids kept ("1"..), because servers name them.
 */
export function multiply(
  collection: Collection,
  region: string,
  count: number,
  ctx: PatchContext,
  file?: string,
): Item[] {
  const base = templates(collection, file);
  const out: Item[] = [];
  const n = collection === 'flavors' ? base.length : count;
  for (let i = 0; i < n; i++) {
    const item = variant(
      base[i % base.length]!,
      (copy, index) => {
        if (collection !== 'flavors') copy.id = stableId(collection, region, index);
        PATCH[collection](copy, index, region, ctx);
      },
      i,
    );
    out.push(item);
  }
  return out;
}
