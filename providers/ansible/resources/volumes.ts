import type { MappingContext, NormalizedRecord } from '../../../core/model.js';
import { baseDatacenter, compactRecord, isObject, num, str } from '../../files/record.js';
import { deviceId, devices, hostId, sizeGb } from './facts.js';

/**
 * Ansible facts → `volumes`, one per `ansible_devices` entry (spec §6.10 "Volumes", the recipe's
 * `mapReduceOnDict(ansible_devices)`). `unique_id` by the rule chain of `deviceId` (with its fixes);
 * `size` in GB with decimals (the original kept the integer part and read KB as GB). Additions:
 * `name` (`<host>:<device>`, so the volume can be told apart in Maestro) and `server` (the host's
 * `unique_id`, the server record it belongs to).
 */
export const ANSIBLE_VOLUME_FIELDS = [
  'name',
  'unique_id',
  'server',
  'size',
  'sectors',
  'sectorsize',
  'support_discard',
  'model',
  'host',
  'holders',
  'active',
  'datacenters',
] as const;

export function normalizeAnsibleVolumes(raw: unknown, ctx: MappingContext): NormalizedRecord[] {
  if (!isObject(raw)) return [];
  const host = hostId(raw);
  if (host === undefined) return [];
  const hostname = str(raw.ansible_nodename) ?? host;
  return devices(raw).map(([device, d]) => {
    const body = {
      name: `${hostname}:${device}`,
      server: host,
      size: sizeGb(d.size),
      sectors: num(d.sectors),
      sectorsize: num(d.sectorsize),
      support_discard: num(d.support_discard),
      model: d.model,
      host: d.host,
      holders: d.holders,
      datacenters: baseDatacenter(ctx),
    };
    return { ...compactRecord(body), unique_id: deviceId(device, d, host), active: true };
  });
}
