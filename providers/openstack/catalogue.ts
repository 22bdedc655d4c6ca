/**
 * What the OpenStack provider offers, as data (nothing that makes a request is imported): its tasks and
 * commands with Maestro's recipe labels (the original's permission.json, spec §3.1) and its connection
 * form (the original's info.json, spec §2.3, with the §12 fixes). The implementations are in resources/,
 * loaded by runtime.ts.
 */
import type { CommandSpec, ProviderCatalogue } from '../types.js';

const LIMIT = { name: 'limit', env: 'MAESTRO_SCAN_QTD', default: 200, type: 'int' };

/** Task → ordered command ids (spec §3.1; `images-list` reads Glance, see resources/images.ts). */
export const OPENSTACK_TASKS: Readonly<Record<string, readonly string[]>> = {
  'server-list': ['compute.servers'],
  'loadbalance-list': ['load_balancer.load_balancers'],
  'volumes-list': ['block_store.volumes'],
  'snapshot-list': ['block_store.snapshots'],
  'images-list': ['image.images'],
  'security-list': ['network.security_groups'],
  'flavor-list': ['compute.flavors'],
  'network-list': ['network.networks', 'network.subnets', 'network.ports', 'network.routers'],
};

const cmd = (
  entity: CommandSpec['entity'],
  access: string,
  command: string,
  extra: CommandSpec['recipe'] = {},
): CommandSpec => ({
  entity,
  per: 'region',
  recipe: {
    access,
    command,
    result_path: '',
    single_result_path: '',
    vars: [LIMIT],
    init_job: true,
    ...extra,
  },
});

/** Command id → entity and recipe labels (the original's permission.json, families added to network-list). */
export const OPENSTACK_COMMANDS: Readonly<Record<string, CommandSpec>> = {
  'compute.servers': cmd('servers', 'servers', 'compute', {
    key_comparer: 'ipv4_private',
    vars: [LIMIT, { name: 'details', env: 'MAESTRO_OPENSTACK_DETAILS', default: true, type: 'bool' }],
  }),
  'load_balancer.load_balancers': cmd('applications', 'load_balancers', 'load_balancer', {
    family: 'Loadbalance',
    provider: 'OpenStack (HaProxy)',
  }),
  'block_store.volumes': cmd('volumes', 'volumes', 'block_store'),
  'block_store.snapshots': cmd('snapshots', 'snapshots', 'block_store'),
  'image.images': cmd('images', 'images', 'image'),
  'network.security_groups': cmd('networks', 'security_groups', 'network', { family: 'SecurityGroup' }),
  'compute.flavors': cmd('flavors', 'flavors', 'compute'),
  'network.networks': cmd('networks', 'networks', 'network', { family: 'Network' }),
  'network.subnets': cmd('networks', 'subnets', 'network', { family: 'Subnet' }),
  'network.ports': cmd('networks', 'ports', 'network', { family: 'Ports' }),
  'network.routers': cmd('networks', 'routers', 'network', { family: 'RouteTable' }),
};

const input = (name: string, label: string, extra: Record<string, unknown> = {}) => ({
  comp: 'bs-input',
  validate: 'required',
  metas: { name, label, ...extra },
});

/**
 * The original's info.json (spec §2.3): same field names, with `service: "OpenStack"` (the key the
 * connector answers to; the client used to send `Openstack`, both are accepted, §12.4), the Keystone
 * v3 placeholder, and `api_version` as the compute microversion cap.
 */
export const OPENSTACK_CATALOGUE: ProviderCatalogue = {
  info: {
    icon: 'icon-openstack',
    label: 'Openstack',
    method: ['Api (Horizon)'],
    dc: 'Openstack',
    data: [
      {
        label: 'Api',
        authClass: 'OpenStack',
        service: 'OpenStack',
        template: {
          intro: 'Hit: All information may be found in Access & Security page inside of GUI OpenStack',
          dc: [true, true],
          conn: [
            input('username', 'Username ID*', { class: 'mt20' }),
            input('password', 'Password*', { type: 'password' }),
          ],
          extra: [
            {
              comp: 'bs-select',
              validate: '',
              metas: {
                name: 'api_version',
                label: 'Compute Api Version',
                options: ['2', '2.1', '2.47', '2.79', '2.100'],
                placeholder: 'Highest compute microversion to use (default: negotiated)',
              },
            },
            input('url', 'Auth URL*', {
              help: "It's keystone url",
              placeholder: 'https://keystone.br-maestro-server.com.br:5000/v3',
            }),
            input('project', 'Project Id*', { placeholder: '33aa1afc-03fe-43b8-8201-4e0d3b4b8ab5' }),
            input('user_domain_id', 'User Domain Id*', { placeholder: 'default' }),
            {
              comp: 'p',
              validate: '',
              html: "Details on <a href='http://docs.maestroserver.io/en/latest/userguide/cloud_inventory/autodiscovery/openstack.html' target='_blank'>Maestro OpenStack</a>. </br>Can see more on <a href='https://docs.openstack.org/api-quick-start/' target='_blank'>Portal OpenStack - Identity</a>",
              metas: { name: 'openstack-p' },
            },
          ],
        },
      },
    ],
  },
  credentialFields: [
    { name: 'username', label: 'Username' },
    { name: 'password', label: 'Password', secret: true },
    { name: 'application_credential_id', label: 'Application credential id', optional: true },
    {
      name: 'application_credential_secret',
      label: 'Application credential secret',
      secret: true,
      optional: true,
    },
  ],
};
