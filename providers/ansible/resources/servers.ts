import type { MappingContext, NormalizedRecord } from '../../../core/model.js';
import { baseDatacenter, compactRecord, isObject, num, str, type Json } from '../../files/record.js';
import { deviceId, devices, hostId, sizeGb } from './facts.js';

/**
 * Ansible facts → `servers` (spec §6.10 "Servers"; one file per host). Fixes and decisions:
 * - `ipv4_public` is the host's first public IPv4 address (from `ansible_all_ipv4_addresses`); the
 *   original wrote `ansible_default_ipv6.address` there, an IPv6 address in an IPv4 field (§12.5).
 * - `unique_id`: see `hostId` (the original had none and matched by `ipv4_private`).
 * - `memory` in GiB (`ansible_memtotal_mb / 1024`, two decimals), the unit of the AWS servers and of
 *   Maestro's flavors; the original's `round(mb / 1000)` gave 0 for a 400 MB host.
 * - `name` is the node name (the original's `fallbackName` hook: `name ?? hostname`, and a facts file
 *   has no `name`).
 * - `storage[].partitions[]` joined to `ansible_mounts` by uuid, as the original, with sizes in GB.
 * - `env_vars`: the names of `ansible_env`, with the values of all but the plain variables (HOME, PATH,
 *   SHELL, LANG, USER, LC_*…) replaced by `<redacted>`: an environment commonly holds secrets, as the
 *   AWS provider does for Lambda variables.
 */
export const ANSIBLE_SERVER_FIELDS = [
  'name',
  'hostname',
  'unique_id',
  'ipv4_private',
  'ipv4_public',
  'cpu',
  'memory',
  'os',
  'storage',
  'storage_count',
  'env_vars',
  'dns',
  'network_lo',
  'network_interface',
  'service_mgr',
  'pkg_mgr',
  'ipv4_all',
  'ipv6_all',
  'auth',
  'services',
  'active',
  'datacenters',
] as const;

/** RFC 1918, loopback, link-local, CGNAT (RFC 6598), "this network": not a public address. */
export function isPublicIpv4(ip: string): boolean {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return false;
  const [a, b] = parts as [number, number, number, number];
  if (a === 10 || a === 127 || a === 0 || a >= 224) return false;
  if (a === 172 && b >= 16 && b <= 31) return false;
  if (a === 192 && b === 168) return false;
  if (a === 169 && b === 254) return false;
  if (a === 100 && b >= 64 && b <= 127) return false;
  return true;
}

function partitions(f: Json, d: Json): Json[] {
  const mounts = Array.isArray(f.ansible_mounts) ? f.ansible_mounts.filter(isObject) : [];
  const parts = isObject(d.partitions) ? d.partitions : {};
  return Object.entries(parts)
    .filter((e): e is [string, Json] => isObject(e[1]))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, p]) => {
      const uuid = str(p.uuid);
      // Ansible writes "N/A" for filesystems without a uuid: never a join key.
      const mount = uuid && uuid !== 'N/A' ? mounts.find((m) => m.uuid === uuid) : undefined;
      return {
        name,
        size: sizeGb(p.size),
        uuid,
        device: mount?.device,
        mount: mount?.mount,
        ftype: mount?.fstype,
        options: mount?.options,
      };
    });
}

/** Environment variables whose values are kept; every other value may be a secret (a token, a password). */
const PLAIN_ENV =
  /^(HOME|PATH|SHELL|LANG|LANGUAGE|USER|LOGNAME|PWD|OLDPWD|TERM|SHLVL|MAIL|TZ|LC_[A-Z_]+|XDG_[A-Z_]+)$/;

/** `ansible_env` with the values of the variables not known to be plain replaced by `<redacted>`. */
export function redactEnv(env: unknown): Json | undefined {
  if (!isObject(env)) return undefined;
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, PLAIN_ENV.test(k) ? v : '<redacted>']));
}

export function normalizeAnsibleServer(raw: unknown, ctx: MappingContext): NormalizedRecord[] {
  if (!isObject(raw)) return [];
  const f = raw;
  const id = hostId(f);
  if (id === undefined) return [];
  const ipv4 = isObject(f.ansible_default_ipv4) ? f.ansible_default_ipv4 : {};
  const all4: unknown[] = Array.isArray(f.ansible_all_ipv4_addresses) ? f.ansible_all_ipv4_addresses : [];
  const publicIp = [ipv4.address, ...all4].find((a): a is string => typeof a === 'string' && isPublicIpv4(a));
  const mb = num(f.ansible_memtotal_mb);
  const devs = devices(f);
  const hostname = str(f.ansible_nodename);
  const body: Json = {
    name: hostname,
    hostname,
    ipv4_private: str(ipv4.address),
    ipv4_public: publicIp,
    cpu: num(f.ansible_processor_vcpus),
    memory: mb === undefined ? undefined : Math.round((mb / 1024) * 100) / 100,
    os: {
      base: f.ansible_system,
      dist: f.ansible_distribution,
      file_path: f.ansible_distribution_file_path,
      variety: f.ansible_distribution_file_variety,
      major_version: f.ansible_distribution_major_version,
      version: f.ansible_distribution_version,
    },
    storage: devs.map(([name, d]) => ({
      name,
      partitions: partitions(f, d),
      unique_id: deviceId(name, d, id),
      status: 'attached',
    })),
    storage_count: devs.length,
    env_vars: redactEnv(f.ansible_env),
    dns: f.ansible_dns,
    network_lo: f.ansible_lo,
    network_interface: f.ansible_interfaces,
    service_mgr: f.ansible_service_mgr,
    pkg_mgr: f.ansible_pkg_mgr,
    ipv4_all: f.ansible_all_ipv4_addresses,
    ipv6_all: f.ansible_all_ipv6_addresses,
    auth: f.ansible_user_id ? [{ username: f.ansible_user_id }] : undefined,
    services: f.ansible_python_version
      ? [{ name: 'Python', version: f.ansible_python_version, status: 'Active' }]
      : undefined,
    datacenters: {
      ...baseDatacenter(ctx),
      kernel: f.ansible_kernel,
      instance: f.ansible_product_name,
      vendor: f.ansible_system_vendor,
      virtualization: f.ansible_virtualization_type,
      architecture: f.ansible_architecture,
      bios_date: f.ansible_bios_date,
    },
  };
  return [{ ...compactRecord(body), unique_id: id, active: true }];
}
