import type { Entity } from '../../core/model.js';
import { maestroItems } from '../files/formats.js';
import type { FileKind } from '../files/kind.js';
import { FILE_APPLICATIONS, normalizeFileApplication } from './resources/applications.js';
import { FILE_FLAVORS, normalizeFileFlavor } from './resources/flavors.js';
import { FILE_IMAGES, normalizeFileImage } from './resources/images.js';
import { FILE_SERVERS, normalizeFileServer } from './resources/servers.js';
import { FILE_SNAPSHOTS, normalizeFileSnapshot } from './resources/snapshots.js';
import { templateFields, templateId, type TemplateKind } from './resources/template.js';
import { FILE_VOLUMES, normalizeFileVolume } from './resources/volumes.js';

function kind(
  access: string,
  entity: Entity,
  keyComparer: string,
  template: TemplateKind,
  normalize: FileKind['normalize'],
): FileKind {
  return {
    command: access,
    entity,
    fields: templateFields(template),
    recipe: { access, result_path: entity, key_comparer: keyComparer },
    // An object with no field to take its unique_id from cannot be tracked: the file is refused.
    extract: maestroItems(entity, (item) =>
      templateId(template, item) === undefined ? `has none of ${template.idFrom.join(', ')}` : undefined,
    ),
    normalize,
  };
}

/** The Maestro JSON import commands (spec §3.1 "File import"), by command id. */
export const FILE_KINDS: readonly FileKind[] = [
  kind('maestro_template', 'servers', 'ipv4_private', FILE_SERVERS, normalizeFileServer),
  kind('maestro_applications', 'applications', 'name', FILE_APPLICATIONS, normalizeFileApplication),
  kind('maestro_volumes', 'volumes', 'name', FILE_VOLUMES, normalizeFileVolume),
  kind('maestro_snapshots', 'snapshots', 'name', FILE_SNAPSHOTS, normalizeFileSnapshot),
  kind('maestro_images', 'images', 'name', FILE_IMAGES, normalizeFileImage),
  kind('maestro_flavors', 'flavors', 'name', FILE_FLAVORS, normalizeFileFlavor),
];

export const FILE_TASKS: Readonly<Record<string, readonly string[]>> = {
  'server-import': ['maestro_template'],
  'applications-import': ['maestro_applications'],
  'volumes-import': ['maestro_volumes'],
  'snapshots-import': ['maestro_snapshots'],
  'images-import': ['maestro_images'],
  'flavors-import': ['maestro_flavors'],
};
