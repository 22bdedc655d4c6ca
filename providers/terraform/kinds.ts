import { terraformInstances } from '../files/formats.js';
import type { FileKind } from '../files/kind.js';
import { normalizeTerraformServer, TERRAFORM_SERVER_FIELDS } from './resources/servers.js';
import { normalizeTerraformStorage, TERRAFORM_STORAGE_FIELDS } from './resources/storage.js';
import { normalizeTerraformVolumes, TERRAFORM_VOLUME_FIELDS } from './resources/volumes.js';

/** The Terraform commands (spec §3.1 "Terraform state"); `conf.filter.type` is the extract's type list. */
export const TERRAFORM_KINDS: readonly FileKind[] = [
  {
    command: 'statefile_instances',
    entity: 'servers',
    fields: TERRAFORM_SERVER_FIELDS,
    recipe: { access: 'statefile_instances', result_path: 'resources', key_comparer: 'ipv4_private' },
    extract: terraformInstances(['aws_instance']),
    normalize: normalizeTerraformServer,
  },
  {
    command: 'statefile_volumes',
    entity: 'volumes',
    fields: TERRAFORM_VOLUME_FIELDS,
    recipe: {
      access: 'statefile_volumes',
      result_path: 'resources',
      key_comparer: 'unique_id',
      family: 'TFInstance',
    },
    extract: terraformInstances(['aws_instance']),
    normalize: normalizeTerraformVolumes,
  },
  {
    command: 'statefile_ebs',
    entity: 'volumes',
    fields: TERRAFORM_STORAGE_FIELDS,
    recipe: { access: 'statefile_ebs', result_path: 'resources', key_comparer: 'unique_id', family: 'TFEbs' },
    extract: terraformInstances(['aws_ebs_volume']),
    normalize: normalizeTerraformStorage,
  },
];

export const TERRAFORM_TASKS: Readonly<Record<string, readonly string[]>> = {
  'server-list': ['statefile_instances'],
  'volumes-list': ['statefile_volumes'],
  'storage-list': ['statefile_ebs'],
};
