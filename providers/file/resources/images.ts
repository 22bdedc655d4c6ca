import type { MappingContext, NormalizedRecord } from '../../../core/model.js';
import { normalizeTemplate, templateFields, type TemplateKind } from './template.js';

/** `images-import` → `images` (spec §6.9; `plataform` is Maestro's spelling). `unique_id`: the object's, else its `name`. */
export const FILE_IMAGES: TemplateKind = {
  passThrough: [
    'name',
    'image_type',
    'image_location',
    'status',
    'root_device_type',
    'hypervisor',
    'plataform',
    'tags',
    'storage',
    'distribution',
    'slug',
    'region',
    'public',
    'min_disk_size',
    'type',
  ],
  idFrom: ['unique_id', 'name'],
};
export const FILE_IMAGE_FIELDS = templateFields(FILE_IMAGES);

export function normalizeFileImage(raw: unknown, ctx: MappingContext): NormalizedRecord[] {
  return normalizeTemplate(FILE_IMAGES, raw, ctx);
}
