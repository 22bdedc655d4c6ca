/**
 * What the GCP provider offers, as data (no SDK imported): tasks and commands with Maestro's recipe
 * labels (the shape of the original's permission.json, spec §3.1: the original had no GCP, so the
 * labels follow its AWS ones), and the connection form in client-app's info.json shape (spec §2.3).
 */
import type { CommandSpec, ProviderCatalogue } from '../types.js';
import { BUCKET_LABELS } from './resources/buckets.js';
import { LB_LABELS } from './resources/forwarding-rules.js';

/** Tasks (the other providers' names) → ordered command ids. */
export const GCP_TASKS: Readonly<Record<string, readonly string[]>> = {
  'server-list': ['compute.instances'],
  'volumes-list': ['compute.disks'],
  'snapshot-list': ['compute.snapshots'],
  'images-list': ['compute.images'],
  'network-list': ['compute.networks', 'compute.subnetworks', 'compute.routes', 'compute.firewalls'],
  'loadbalance-list': ['compute.forwardingRules', 'compute.backendServices'],
  'storage-object-list': ['storage.buckets'],
};

const scan = { name: 'maxResults', env: 'MAESTRO_SCAN_QTD', default: 200, type: 'int' };

/** Every command is planned once per project (`per: 'account'`): aggregated lists cover every zone. */
const cmd = (
  entity: CommandSpec['entity'],
  access: string,
  resultPath: string,
  recipe: CommandSpec['recipe'] = {},
): CommandSpec => ({
  entity,
  per: 'account',
  recipe: {
    access,
    result_path: resultPath,
    vars: [scan],
    conf: { pag_key: 'pageToken', pag_next: 'nextPageToken' },
    ...recipe,
  },
});

/** Command id → entity, plan axis and recipe labels. */
export const GCP_COMMANDS: Readonly<Record<string, CommandSpec>> = {
  'compute.instances': cmd('servers', 'instances.aggregatedList', 'items.*.instances', {
    hooks: [{ key: 'cpu|memory', hook: 'gcp', method: 'machineTypes.get' }],
  }),
  'compute.disks': cmd('volumes', 'disks.aggregatedList', 'items.*.disks'),
  'compute.snapshots': cmd('snapshots', 'snapshots.list', 'items'),
  'compute.images': cmd('images', 'images.list', 'items'),
  'compute.networks': cmd('networks', 'networks.list', 'items', { family: 'Vpc' }),
  'compute.subnetworks': cmd('networks', 'subnetworks.aggregatedList', 'items.*.subnetworks', {
    family: 'Subnet',
  }),
  'compute.routes': cmd('networks', 'routes.list', 'items', { family: 'Route' }),
  'compute.firewalls': cmd('networks', 'firewalls.list', 'items', { family: 'Firewall' }),
  'compute.forwardingRules': cmd(
    'applications',
    'forwardingRules.aggregatedList',
    'items.*.forwardingRules',
    LB_LABELS,
  ),
  'compute.backendServices': cmd(
    'applications',
    'backendServices.aggregatedList',
    'items.*.backendServices',
    LB_LABELS,
  ),
  'storage.buckets': cmd('applications', 'buckets.list', 'items', { ...BUCKET_LABELS, command: 'storage' }),
};

export const GCP_CATALOGUE: ProviderCatalogue = {
  info: {
    icon: 'icon-gcp',
    label: 'GCP',
    method: ['Service account key (JSON)'],
    dc: 'GCP',
    data: [
      {
        label: 'Service account - JSON key',
        service: 'sa_gcp',
        template: {
          intro:
            'Paste the JSON key of a service account with the Viewer role (roles/viewer) on the project, or on the organization or folder whose projects are crawled.',
          dc: [true, false],
          conn: [
            {
              comp: 'bs-input',
              validate: 'required',
              metas: {
                class: 'mt20',
                name: 'credentials',
                type: 'password',
                label: 'Service account key (JSON)*',
              },
            },
            {
              comp: 'bs-input',
              validate: '',
              metas: { name: 'project', label: "Project id (default: the key's project)" },
            },
            {
              comp: 'bs-input',
              validate: '',
              metas: {
                name: 'parent',
                label: 'Organization or folder (organizations/<id> or folders/<id>): crawl all its projects',
              },
            },
          ],
          extra: [
            {
              comp: 'accordion',
              validate: '',
              panel: [
                {
                  header: 'Create a service account',
                  body: '<ol><li>IAM &amp; Admin → Service accounts → Create</li><li>Grant it <b>Viewer</b> on the project (or Browser + Compute Viewer + Storage Object Viewer on the organization or folder)</li></ol>',
                },
                {
                  header: 'Create a key',
                  body: 'Keys → Add key → Create new key → JSON; paste the downloaded file above.',
                },
              ],
              metas: { name: 'gcp-p' },
            },
          ],
        },
      },
    ],
  },
  regions: ['all'],
  credentialFields: [
    { name: 'credentials', label: 'Service account key (JSON)', secret: true },
    { name: 'project', label: 'Project id', optional: true },
    { name: 'parent', label: 'Organization or folder', optional: true },
  ],
};
