import { fileSourceDefinition } from '../files/definition.js';
import { TERRAFORM_FORMAT } from './format.js';

/** Terraform state (`upload_terraform`, `s3_terraform`, `ssh_terraform`): see docs/files.md. */
export const terraformProvider = fileSourceDefinition({ ...TERRAFORM_FORMAT, id: 'terraform' as const });
