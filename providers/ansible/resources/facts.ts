// Reading one host's Ansible facts (spec §6.10): the host's identity, its devices and their
// `unique_id` rule chain, shared by the servers and the volumes kinds.
import { isObject, num, str, type Json } from '../../files/record.js';

/**
 * The host's `unique_id`: `ansible_machine_id` (systemd's /etc/machine-id), else the DMI product uuid
 * (unless Ansible's "NA"), else the FQDN, the node name, and last the default IPv4 address. The
 * original had none: servers were matched by `ipv4_private` alone (spec §12.7).
 */
export function hostId(f: Json): string | undefined {
  const uuid = str(f.ansible_product_uuid);
  return (
    str(f.ansible_machine_id) ??
    (uuid && uuid.toUpperCase() !== 'NA' ? uuid : undefined) ??
    str(f.ansible_fqdn) ??
    str(f.ansible_nodename) ??
    str(isObject(f.ansible_default_ipv4) ? f.ansible_default_ipv4.address : undefined)
  );
}

const UNITS: Record<string, number> = {
  bytes: 1e-9,
  b: 1e-9,
  kb: 1e-6,
  mb: 1e-3,
  gb: 1,
  tb: 1e3,
  pb: 1e6,
};

/**
 * Ansible's human size ("8.00 GB", "512.00 MB", "0.00 Bytes") in GB, to the MB. The original kept only
 * the integer part and counted KB as GB (spec §6.10).
 */
export function sizeGb(value: unknown): number | undefined {
  if (typeof value !== 'string') return num(value);
  const m = /^\s*([\d.]+)\s*([a-zA-Z]+)?\s*$/.exec(value);
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = UNITS[(m[2] ?? 'gb').toLowerCase()];
  if (!Number.isFinite(n) || unit === undefined) return undefined;
  return Math.round(n * unit * 1000) / 1000;
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string' && s !== '') : [];
}

/** An AWS EBS volume id inside a device link id (`nvme-Amazon_Elastic_Block_Store_vol0abc…`). */
const AWS_VOLUME = /(?:^|[^a-z0-9])vol-?([0-9a-f]{8}|[0-9a-f]{17})(?:$|[^0-9a-z])/i;

/**
 * A device's `unique_id` (spec §6.10 rule chain), first non-empty wins:
 * 1. an AWS volume id found in `links.ids` → `vol-…`;
 * 2. the last `links.ids` entry;
 * 3. the first partition uuid;
 * 4. the first `links.uuids` entry;
 * 5. `<sectors>_<device>@<host unique_id>`.
 * Fixes: step 1 skips ids with no volume id (the original crashed on the first such id, so every
 * non-AWS host with disk links failed) and wants a real id (8 or 17 hex digits after `vol`, so
 * `dm-name-volgroup-root` is not `vol-group`); step 4 read `uuids` at the device's top level, where
 * Ansible never puts it; step 5 names the host, or every host's `loop0` would be the same volume.
 */
export function deviceId(device: string, d: Json, host: string): string {
  const links = isObject(d.links) ? d.links : {};
  const ids = strings(links.ids);
  for (const id of ids) {
    const m = AWS_VOLUME.exec(id);
    if (m) return `vol-${(m[1] as string).toLowerCase()}`;
  }
  const last = ids[ids.length - 1];
  if (last) return last;
  const partitions = isObject(d.partitions) ? d.partitions : {};
  for (const p of Object.values(partitions)) {
    const uuid = isObject(p) ? str(p.uuid) : undefined;
    if (uuid) return uuid;
  }
  const uuid = strings(links.uuids)[0];
  if (uuid) return uuid;
  return `${str(d.sectors) ?? '0'}_${device}@${host}`;
}

/** The host's devices, in name order (Ansible's map order is not guaranteed stable). */
export function devices(f: Json): Array<[string, Json]> {
  const all = isObject(f.ansible_devices) ? f.ansible_devices : {};
  return Object.entries(all)
    .filter((e): e is [string, Json] => isObject(e[1]))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
