import { servicesOf } from '../files/catalogue.js';
import type { FileFormat } from '../files/format.js';
import { ANSIBLE_KINDS, ANSIBLE_TASKS } from './kinds.js';

/** Ansible facts (spec §3.1 "Ansible facts", §6.10). See docs/files.md. */
export const ANSIBLE_FORMAT: FileFormat = {
  id: 'ansible',
  label: 'Ansible',
  services: servicesOf('ansible'),
  tasks: ANSIBLE_TASKS,
  kinds: ANSIBLE_KINDS,
  catalogue: {
    label: 'Ansible',
    icon: 'icon-ansible',
    method: ['Facts gathering', 'Ansible CMDB'],
    suffix: 'ansible',
    what: 'ansible facts',
    pathLabel: 'Ansible facts directory',
    pathPlaceholder: '/opt/ansible-facts/',
    extra: [
      {
        comp: 'accordion',
        validate: '',
        panel: [
          {
            header: 'Generating ansible fact',
            body: "<ol><li>You can generate the ansible facts running <em class='label label-default'>ansible -m setup --tree out/ all</em></li><li>Ansible will generate one file per host</li></ol>",
          },
        ],
        metas: { name: 'aws-p' },
      },
      {
        comp: 'p',
        validate: '',
        html: "Details on <a href='http://docs.maestroserver.io/en/latest/userguide/cloud_inventory/autodiscovery/ansible.html' target='_blank'>Maestro Ansible</a>. </br>More about <a href='https://docs.ansible.com/ansible/latest/modules/setup_module.html' target='_blank'>Ansible setup module</a>",
        metas: { name: 'aws-p' },
      },
    ],
  },
};
