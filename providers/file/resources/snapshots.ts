import type { MappingContext, NormalizedRecord } from '../../../core/model.js';
import { normalizeTemplate, templateFields, type TemplateKind } from './template.js';

/**
 * `snapshots-import` → `snapshots` (spec §6.9). `unique_id`: the object's, else its `name`.
 * `start_time` is stored as a date (the original kept the file's string).
 */
export const FILE_SNAPSHOTS: TemplateKind = {
  passThrough: [
    'name',
    'volume_id',
    'volume_size',
    'status',
    'snapshot_id',
    'size',
    'progress',
    'tags',
    'kms_key_id',
    'encrypted',
    'description',
    'project_id',
    'service',
    'data_encryption_key_id',
    'owner_id',
    'start_time',
    'owner_alias',
    'state_message',
    'min_disk_size',
    'public',
    'type',
  ],
  idFrom: ['unique_id', 'name'],
  dates: ['start_time'],
};
export const FILE_SNAPSHOT_FIELDS = templateFields(FILE_SNAPSHOTS);

export function normalizeFileSnapshot(raw: unknown, ctx: MappingContext): NormalizedRecord[] {
  return normalizeTemplate(FILE_SNAPSHOTS, raw, ctx);
}
