import type { MappingContext, NormalizedRecord } from '../../../core/model.js';
import { datacenter, fields, gib, metadataTags, num, record, str, toDate } from '../record.js';

/**
 * What listPage adds to each raw server (lower-case `discovery_` names cannot collide with Nova's): the
 * negotiated compute microversion, and, below 2.47 where a server names its flavor only by id, that
 * flavor's vcpus and ram from the flavor cache.
 */
export const COMPUTE_VERSION_FIELD = 'discovery_compute_version';
export const FLAVOR_FIELD = 'discovery_flavor';

/**
 * Nova servers (`GET /servers/detail`) → `servers` (spec §6.8 "Servers"). `unique_id` is the server id
 * (the original keyed servers by `ipv4_private`, §12.7). Deliberate changes:
 * - `datacenters._id` is the connection's `dc_id` (§12.5); `zone` is the server's availability zone.
 * - cpu/memory come from the server's own flavor (embedded from microversion 2.47, else the flavor cache)
 *   instead of a data-app lookup by flavor id; memory in GiB (`ram` MiB / 1024).
 * - `updated_at` is Nova's `updated` (the original copied `created`); `ipv4_public` also takes a
 *   `floating` address, which is what a public address is in Neutron-backed clouds.
 * - SHELVED / SHELVED_OFFLOADED are `Stopped` (not running, not deleted); REBOOT / HARD_REBOOT keep
 *   Maestro's `Avaliable` (sic) so existing filters match.
 */
export const SERVER_FIELDS = fields(
  'name',
  'ipv4_private',
  'ipv4_public',
  'environment',
  'role',
  'auth',
  'storage',
  'created_at',
  'updated_at',
  'cpu',
  'memory',
  'metas',
  'tags',
  'status',
);

const STATUS: Record<string, string> = {
  REBOOT: 'Avaliable',
  HARD_REBOOT: 'Avaliable',
  STOPPED: 'Stopped',
  SHUTOFF: 'Stopped',
  SUSPENDED: 'Stopped',
  PAUSED: 'Stopped',
  SHELVED: 'Stopped',
  SHELVED_OFFLOADED: 'Stopped',
};
const INACTIVE = new Set(['DELETED', 'ERROR', 'SOFT_DELETED', 'UNKNOWN']);

interface Address {
  addr?: string;
  version?: number;
  'OS-EXT-IPS:type'?: string;
}

function addresses(raw: unknown): [string, Address[]][] {
  if (!raw || typeof raw !== 'object') return [];
  return Object.entries(raw as Record<string, unknown>).map(([net, list]) => [
    net,
    Array.isArray(list) ? (list as Address[]) : [],
  ]);
}

function v4(list: Address[], type?: string): string | undefined {
  return list.find((a) => a.version !== 6 && a.addr && (!type || a['OS-EXT-IPS:type'] === type))?.addr;
}

export function serverStatus(status: string | undefined): string {
  return STATUS[(status ?? '').toUpperCase()] ?? 'Active';
}

export function normalizeServer(raw: unknown, ctx: MappingContext): NormalizedRecord[] {
  const s = raw as Record<string, unknown>;
  const id = str(s.id);
  if (!id) return [];
  const metadata = (s.metadata ?? {}) as Record<string, unknown>;
  const nets = addresses(s.addresses);
  const publicNet = nets.find(([name]) => /internet|public/i.test(name));
  const floating = nets.map(([, l]) => v4(l, 'floating')).find(Boolean);
  const flavor = (s.flavor ?? {}) as Record<string, unknown>;
  const looked = s[FLAVOR_FIELD] as { vcpus?: number; ram?: number } | undefined;
  const image = (s.image ?? {}) as Record<string, unknown>;
  const status = str(s.status)?.toUpperCase();
  const volumes = (s['os-extended-volumes:volumes_attached'] ?? []) as Record<string, unknown>[];
  return [
    record(
      id,
      !INACTIVE.has(status ?? ''),
      {
        name: str(s.name),
        ipv4_private: nets.map(([, l]) => v4(l, 'fixed')).find(Boolean) ?? v4(nets[0]?.[1] ?? []),
        ipv4_public: floating ?? (publicNet ? v4(publicNet[1]) : undefined) ?? str(s.accessIPv4),
        environment: str(metadata.environment),
        role: str(metadata.role),
        auth: str(s.key_name) ? [{ name: s.key_name, type: 'PKI' }] : undefined,
        storage: volumes
          .filter((v) => str(v.id))
          .map((v) => ({
            name: `vol-${String(v.id).slice(0, 3)}`,
            unique_id: v.id,
            delete_on_termination: v.delete_on_termination,
          })),
        created_at: toDate(s.created),
        updated_at: toDate(s.updated),
        cpu: num(flavor.vcpus) ?? num(looked?.vcpus),
        memory: gib(num(flavor.ram) ?? looked?.ram),
        metas: {
          addresses: s.addresses,
          has_config_drive: s.config_drive === true || s.config_drive === 'True' || s.config_drive === 'true',
          compute_api_version: s[COMPUTE_VERSION_FIELD],
        },
        tags: metadataTags(metadata),
        status: serverStatus(status),
        datacenters: datacenter(ctx, {
          zone: s['OS-EXT-AZ:availability_zone'],
          type: 'Virtual',
          instance: str(flavor.id) ?? str(flavor.original_name),
          instance_id: id,
          host_id: s.hostId,
          hypervisor_hostname: s['OS-EXT-SRV-ATTR:hypervisor_hostname'],
          image_id: image.id,
          project_id: s.tenant_id,
          user_id: s.user_id,
          vm_state: s['OS-EXT-STS:vm_state'],
          security_groups: ((s.security_groups ?? []) as { name?: string }[]).map((g) => g.name),
          launched_at: toDate(s['OS-SRV-USG:launched_at']),
          terminated_at: toDate(s['OS-SRV-USG:terminated_at']),
        }),
      },
      metadata,
    ),
  ];
}
