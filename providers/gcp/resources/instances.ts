import { withLinks } from '../../../core/links.js';
import type { MappingContext, NormalizedRecord } from '../../../core/model.js';
import {
  applicationLinks,
  capitalize,
  compact,
  gcpDatacenter,
  labelTags,
  labelValue,
  lastSegment,
  toDate,
  toNumber,
  type Labels,
} from '../normalize-helpers.js';

/**
 * The field listPage adds to each raw instance: its machine type's vCPUs and memory (from the
 * machine-types catalogue, cached, or parsed from a custom type's name). Lower-case and prefixed so it
 * cannot collide with a Compute field.
 */
export const MACHINE_TYPE_FIELD = 'discoveryMachineType';

export interface MachineTypeSpec {
  guestCpus: number;
  memoryMb: number;
}

interface AccessConfig {
  natIP?: string;
  externalIpv6?: string;
}
interface NetworkInterface {
  name?: string;
  network?: string;
  subnetwork?: string;
  networkIP?: string;
  ipv6Address?: string;
  accessConfigs?: AccessConfig[];
  ipv6AccessConfigs?: AccessConfig[];
}
interface AttachedDisk {
  source?: string;
  deviceName?: string;
  boot?: boolean;
  autoDelete?: boolean;
  diskSizeGb?: string;
  mode?: string;
  interface?: string;
  type?: string;
}
export interface GcpInstance {
  id?: string;
  name?: string;
  hostname?: string;
  description?: string;
  creationTimestamp?: string;
  machineType?: string;
  status?: string;
  zone?: string;
  selfLink?: string;
  cpuPlatform?: string;
  canIpForward?: boolean;
  deletionProtection?: boolean;
  labels?: Record<string, string>;
  tags?: { items?: string[] };
  networkInterfaces?: NetworkInterface[];
  disks?: AttachedDisk[];
  metadata?: { items?: Array<{ key?: string; value?: string }> };
  serviceAccounts?: Array<{ email?: string }>;
  scheduling?: { preemptible?: boolean; provisioningModel?: string };
  lastStartTimestamp?: string;
  [MACHINE_TYPE_FIELD]?: MachineTypeSpec;
}

/**
 * Compute Engine instances → `servers` (Maestro's servers model, spec §6.5 "Servers", written for GCP:
 * the original had no GCP provider). `unique_id` is the numeric instance `id`, which survives renames
 * (never an IP: spec §12.7). Deliberate choices:
 * - `active` is true for every listed instance: TERMINATED is GCP's *stopped* state (the instance and
 *   its disks still exist); a deleted instance leaves the list and is deactivated by the sweep.
 * - `status`: RUNNING/PROVISIONING/STAGING/REPAIRING/PENDING → Active; STOPPING/STOPPED/SUSPENDING/
 *   SUSPENDED/TERMINATED/DEPROVISIONING → Stopped.
 * - `cpu`/`memory` (GiB) from the machine-types catalogue (the §7.5 hook done at listing time).
 * - `auth`: the user names of the `ssh-keys` metadata item (key material is not stored).
 * - `false`/`0` are written (spec §12.6).
 */
export const INSTANCE_FIELDS = [
  'name',
  'unique_id',
  'hostname',
  'description',
  'role',
  'environment',
  'created_at',
  'ipv4_private',
  'ipv4_public',
  'ipv6',
  'storage',
  'auth',
  'tags',
  'cpu',
  'memory',
  'status',
  'active',
  'metas',
  'datacenters',
] as const;

const STATUS: Record<string, string> = {
  RUNNING: 'Active',
  PROVISIONING: 'Active',
  STAGING: 'Active',
  REPAIRING: 'Active',
  PENDING: 'Active',
  STOPPING: 'Stopped',
  STOPPED: 'Stopped',
  SUSPENDING: 'Stopped',
  SUSPENDED: 'Stopped',
  TERMINATED: 'Stopped',
  DEPROVISIONING: 'Stopped',
};

/** `n2-custom-4-16384`, `custom-2-4096-ext` → vCPUs and MiB (custom types are not in the catalogue). */
export function customMachineType(name: string | undefined): MachineTypeSpec | undefined {
  const m = /(?:^|-)custom-(\d+)-(\d+)(?:-ext)?$/.exec(name ?? '');
  return m ? { guestCpus: Number(m[1]), memoryMb: Number(m[2]) } : undefined;
}

/** The users of the `ssh-keys` metadata item (`user:ssh-ed25519 AAAA... comment`, one a line). */
function sshUsers(metadata: Labels): string[] {
  const keys = metadata?.['ssh-keys'] ?? '';
  const users = keys
    .split('\n')
    .map((line) => line.trim().split(':')[0] ?? '')
    .filter((u) => u !== '');
  return [...new Set(users)];
}

function metadataItems(i: GcpInstance): Labels {
  const out: Record<string, string> = {};
  for (const item of i.metadata?.items ?? []) if (item.key) out[item.key] = item.value ?? '';
  return out;
}

export function normalizeInstance(raw: unknown, ctx: MappingContext): NormalizedRecord[] {
  const i = raw as GcpInstance;
  if (!i.id) return [];
  const machineType = lastSegment(i.machineType);
  const spec = i[MACHINE_TYPE_FIELD] ?? customMachineType(machineType);
  const nics = i.networkInterfaces ?? [];
  const publicIp = nics.flatMap((n) => n.accessConfigs ?? []).find((a) => a.natIP)?.natIP;
  const ipv6 =
    nics.find((n) => n.ipv6Address)?.ipv6Address ??
    nics.flatMap((n) => n.ipv6AccessConfigs ?? []).find((a) => a.externalIpv6)?.externalIpv6;
  const metadata = metadataItems(i);
  const users = sshUsers(metadata);
  const record = compact({
    name: i.name,
    hostname: i.hostname,
    description: i.description,
    role: capitalize(labelValue(i.labels, 'role')),
    environment: capitalize(labelValue(i.labels, 'environment')),
    created_at: toDate(i.creationTimestamp),
    ipv4_private: nics[0]?.networkIP,
    ipv4_public: publicIp,
    ipv6,
    storage: (i.disks ?? []).map((d) =>
      compact({
        name: lastSegment(d.source),
        device_name: d.deviceName,
        boot: d.boot,
        delete_termination: d.autoDelete,
        size: toNumber(d.diskSizeGb),
        mode: d.mode,
        interface: d.interface,
      }),
    ),
    auth: users.map((name) => ({ name, type: 'PKI' })),
    tags: labelTags(i.labels),
    cpu: spec?.guestCpus,
    // GiB, as Maestro's flavors state memory.
    memory: spec ? spec.memoryMb / 1024 : undefined,
    status: STATUS[i.status ?? ''],
    metas: compact({
      network_interfaces: nics.map((n) =>
        compact({
          name: n.name,
          network: lastSegment(n.network),
          subnetwork: lastSegment(n.subnetwork),
          ipv4_private: n.networkIP,
          ipv4_public: (n.accessConfigs ?? []).find((a) => a.natIP)?.natIP,
        }),
      ),
      network_tags: i.tags?.items,
      service_accounts: (i.serviceAccounts ?? []).flatMap((s) => (s.email ? [s.email] : [])),
      can_ip_forward: i.canIpForward,
      deletion_protection: i.deletionProtection,
      preemptible: i.scheduling?.preemptible,
      provisioning_model: i.scheduling?.provisioningModel,
      gcp_status: i.status,
    }),
    datacenters: gcpDatacenter(ctx, i, {
      type: 'Virtual',
      instance: machineType,
      instance_id: i.id,
      cpu_platform: i.cpuPlatform,
      network: lastSegment(nics[0]?.network),
      subnet_id: lastSegment(nics[0]?.subnetwork),
    }),
  });
  return [withLinks({ ...record, unique_id: i.id, active: true }, applicationLinks(i.labels, metadata))];
}
