import type { MappingContext, NormalizedRecord } from '../../../core/model.js';
import { normalizeTemplate, templateFields, type TemplateKind } from './template.js';

/** `applications-import` → `applications` (spec §6.9). `unique_id`: the object's, else its `name`. */
export const FILE_APPLICATIONS: TemplateKind = {
  passThrough: [
    'name',
    'asm_groups',
    'spec',
    'size',
    'engine',
    'system',
    'own',
    'provider',
    'tags',
    'environment',
    'family',
    'status',
    'domain',
    'loadbalance_names',
    'instances',
    'language',
    'cluster',
    'dataguard',
    'type',
    'storage_types',
    'queues',
    'urls',
    'cache_behavior',
    'cache_nodes',
    'crs_version',
    'modal',
    'pdbs',
  ],
  idFrom: ['unique_id', 'name'],
};
export const FILE_APPLICATION_FIELDS = templateFields(FILE_APPLICATIONS);

export function normalizeFileApplication(raw: unknown, ctx: MappingContext): NormalizedRecord[] {
  return normalizeTemplate(FILE_APPLICATIONS, raw, ctx);
}
