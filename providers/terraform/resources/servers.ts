import { applicationTokens, withLinks } from '../../../core/links.js';
import type { MappingContext, NormalizedRecord } from '../../../core/model.js';
import { compactRecord, mapValue, num, str, tagList, type Json } from '../../files/record.js';
import { asInstance, blockDevices, terraformDatacenter } from './instance.js';

/**
 * Terraform `aws_instance` → `servers` (spec §6.11 "Servers"). `unique_id` is the instance id (the
 * original keyed servers by `ipv4_private`, spec §12.7). Fixes and decisions:
 * - `active` from `instance_state`: a `terminated` / `shutting-down` instance still in the state is
 *   inactive (the original always wrote `active: true`);
 * - `false` and `0` are written (`ebs_optimized: false`), spec §12.6;
 * - application links from the `applications` / `applications_id` tags (spec §6.4), as the original's
 *   Terraform ruler defined them;
 * - `tags` and the name/role/environment tags are read case-insensitively.
 */
export const TERRAFORM_SERVER_FIELDS = [
  'name',
  'unique_id',
  'cpu',
  'role',
  'environment',
  'dns_public',
  'dns_private',
  'ebs_optimized',
  'ipv4_private',
  'ipv4_public',
  'storage',
  'auth',
  'status',
  'tags',
  'active',
  'datacenters',
] as const;

const STATUS: Record<string, string> = {
  running: 'Active',
  pending: 'Active',
  stopping: 'Stopped',
  stopped: 'Stopped',
};
const INACTIVE = new Set(['shutting-down', 'terminated']);

export function normalizeTerraformServer(raw: unknown, ctx: MappingContext): NormalizedRecord[] {
  const inst = asInstance(raw);
  const a = inst?.attributes;
  const id = str(a?.id);
  if (!a || id === undefined) return [];
  const state = str(a.instance_state) ?? '';
  const body: Json = {
    name: mapValue(a.tags, 'name', 'Name'),
    cpu: num(a.cpu_core_count),
    role: mapValue(a.tags, 'role', 'Role'),
    environment: mapValue(a.tags, 'environment', 'env'),
    dns_public: a.public_dns,
    dns_private: a.private_dns,
    ebs_optimized: a.ebs_optimized,
    ipv4_private: a.private_ip,
    ipv4_public: a.public_ip,
    storage: blockDevices(a).map((d) => ({
      device_name: d.device_name,
      delete_termination: d.delete_on_termination,
      unique_id: d.volume_id,
    })),
    auth: str(a.key_name) ? [{ name: a.key_name, type: 'PKI' }] : undefined,
    status: STATUS[state],
    tags: tagList(a.tags),
    datacenters: terraformDatacenter(ctx, a),
  };
  const record: NormalizedRecord = { ...compactRecord(body), unique_id: id, active: !INACTIVE.has(state) };
  return [
    withLinks(
      record,
      applicationTokens(mapValue(a.tags, 'applications'), mapValue(a.tags, 'applications_id')),
    ),
  ];
}
