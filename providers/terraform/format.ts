import { servicesOf } from '../files/catalogue.js';
import type { FileFormat } from '../files/format.js';
import { TERRAFORM_KINDS, TERRAFORM_TASKS } from './kinds.js';

/** Terraform state ≥ 0.12 (spec §3.1 "Terraform state", §6.11). See docs/files.md. */
export const TERRAFORM_FORMAT: FileFormat = {
  id: 'terraform',
  label: 'Terraform',
  services: servicesOf('terraform'),
  tasks: TERRAFORM_TASKS,
  kinds: TERRAFORM_KINDS,
  catalogue: {
    label: 'Terraform',
    icon: 'icon-terraform',
    method: ['TF state >=0.12'],
    suffix: 'terraform',
    what: 'terraform state files',
    pathLabel: 'Tf state directory',
    pathPlaceholder: '/opt/tf-files/',
    extra: [
      {
        comp: 'accordion',
        validate: '',
        panel: [
          {
            header: 'Get your tf state',
            body: '<ol><li>A state file of Terraform 0.12 or later (format 4)</li><li>or the output of <em>terraform show -json</em> (of a state, or of a plan: its prior state)</li><li>Resources read: aws_instance, aws_ebs_volume</li></ol>',
          },
        ],
        metas: { name: 'aws-p' },
      },
      {
        comp: 'p',
        validate: '',
        html: "Details on <a href='http://docs.maestroserver.io/en/latest/userguide/cloud_inventory/autodiscovery/terraform.html' target='_blank'>Maestro Terraform</a>. </br>More about <a href='https://www.terraform.io/docs/state/index.html' target='_blank'>Terraform state file</a>",
        metas: { name: 'aws-p' },
      },
    ],
  },
};
