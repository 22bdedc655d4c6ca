import type { MappingContext, NormalizedRecord } from '../../../core/model.js';
import { normalizeTemplate, templateFields, type TemplateKind } from './template.js';

/** `volumes-import` → `volumes` (spec §6.9). `unique_id`: the object's, else its `name`. */
export const FILE_VOLUMES: TemplateKind = {
  passThrough: [
    'name',
    'iops',
    'encrypted',
    'size',
    'fftype',
    'kms_key_id',
    'source_volume_id',
    'storage_account_type',
    'tags',
    'write_accelerator_enabled',
    'vhd',
    'diff_disk_settings',
    'create_option',
    'sectors',
    'sectorsize',
    'support_discard',
    'host',
    'holders',
    'migration_id',
    'image_id',
    'volume_type',
    'snapshot_id',
    'project_id',
    'service',
    'droplets_ids',
  ],
  idFrom: ['unique_id', 'name'],
};
export const FILE_VOLUME_FIELDS = templateFields(FILE_VOLUMES);

export function normalizeFileVolume(raw: unknown, ctx: MappingContext): NormalizedRecord[] {
  return normalizeTemplate(FILE_VOLUMES, raw, ctx);
}
