import { fileSourceDefinition } from '../files/definition.js';
import { ANSIBLE_FORMAT } from './format.js';

/** Ansible facts (`upload_ansible`, `s3_ansible`, `ssh_ansible`): see docs/files.md. */
export const ansibleProvider = fileSourceDefinition({ ...ANSIBLE_FORMAT, id: 'ansible' as const });
