import { servicesOf } from '../files/catalogue.js';
import type { FileFormat } from '../files/format.js';
import { FILE_KINDS, FILE_TASKS } from './kinds.js';

/** Maestro JSON import (spec §3.1 "File import", §6.9). See docs/files.md. */
export const FILE_FORMAT: FileFormat = {
  id: 'file',
  label: 'File',
  services: servicesOf('file'),
  tasks: FILE_TASKS,
  kinds: FILE_KINDS,
  catalogue: {
    label: 'File',
    icon: 'fa fa-file',
    method: ['Json files'],
    suffix: 'file',
    what: 'json files',
    pathLabel: 'Files directory',
    pathPlaceholder: '/opt/files/',
    extra: [
      {
        comp: 'accordion',
        validate: '',
        panel: [
          {
            header: 'Get file template',
            body: '<ol><li>One JSON object per file, holding any of the arrays servers, applications, volumes, snapshots, images, flavors</li></ol>',
          },
        ],
        metas: { name: 'aws-p' },
      },
      {
        comp: 'p',
        validate: '',
        html: "Details on <a href='http://docs.maestroserver.io/en/latest/userguide/cloud_inventory/autodiscovery/file.html' target='_blank'>Maestro import</a>.",
        metas: { name: 'aws-p' },
      },
    ],
  },
};
