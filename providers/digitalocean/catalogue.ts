/**
 * What the DigitalOcean provider offers, as data: its tasks and commands with Maestro's recipe labels
 * (the original's permission.json, spec §3.1) and its connection form (the original's info.json,
 * spec §2.3, with the service key the client app sends). The implementations are in resources/.
 */
import type { CommandSpec, ProviderCatalogue } from '../types.js';

/** Task → commands (spec §3.1 "DigitalOcean"; network-list adds VPCs and reserved IPs). */
export const DO_TASKS = {
  'server-list': ['droplets.list'],
  'volumes-list': ['volumes.list'],
  'images-list': ['images.list'],
  'loadbalance-list': ['load_balancers.list'],
  'snapshot-list': ['snapshots.list'],
  'cdns-list': ['cdn_endpoints.list'],
  'container-orchestration-list': ['kubernetes_clusters.list'],
  'network-list': ['firewalls.list', 'vpcs.list', 'reserved_ips.list'],
} as const satisfies Record<string, readonly string[]>;

const PER_PAGE = [{ name: 'per_page', env: 'MAESTRO_SCAN_QTD', default: 200, type: 'int' }];

/** One account, no regions: every command is planned once per connection (`per: 'account'`). */
const command = (
  entity: CommandSpec['entity'],
  access: string,
  resultPath: string,
  labels: { family?: string; provider?: string } = {},
): CommandSpec => ({
  entity,
  per: 'account',
  recipe: {
    access,
    command: '',
    result_path: resultPath,
    single_result_path: '',
    vars: PER_PAGE,
    init_job: true,
    ...labels,
  },
});

export const DO_COMMANDS: Readonly<Record<string, CommandSpec>> = {
  'droplets.list': command('servers', 'get_all_droplets', 'droplets'),
  'volumes.list': command('volumes', 'get_all_volumes', 'volumes'),
  'images.list': command('images', 'get_my_images', 'images'),
  'load_balancers.list': command('applications', 'get_all_load_balancers', 'load_balancers', {
    family: 'Loadbalance',
    provider: 'LB (DigitalOcean)',
  }),
  'snapshots.list': command('snapshots', 'get_all_snapshots', 'snapshots'),
  'cdn_endpoints.list': command('applications', 'get_all_cdns', 'endpoints', {
    family: 'CDN',
    provider: 'CDN (DigitalOcean)',
  }),
  'kubernetes_clusters.list': command('applications', 'get_all_kubernetes', 'kubernetes_clusters', {
    family: 'ContainerOrchestration',
    provider: 'Kubernetes (DigitalOcean)',
  }),
  'firewalls.list': command('networks', 'get_all_firewalls', 'firewalls', { family: 'Firewall' }),
  'vpcs.list': command('networks', 'get_all_vpcs', 'vpcs', { family: 'Vpc' }),
  'reserved_ips.list': command('networks', 'get_all_reserved_ips', 'reserved_ips', { family: 'ReservedIp' }),
};

const TOKEN_HELP =
  'To create a new token, enter on dashboard: <ol><li>Click the API link in the main navigation</li><li>Takes you to to the Applications & API</li> <li>On the Tokens/Keys tab. In the Personal access tokens section</li> <li>Click the Generate New Token (read scope is enough).</li></ol>';

/** client-app's info.json (spec §2.3), as the original shipped it, `service: token_do` (§3.2 alias). */
export const DO_CATALOGUE: ProviderCatalogue = {
  info: {
    icon: 'icon-digital-ocean',
    label: 'Digital Ocean',
    method: ['Api Token'],
    dc: 'Digital Ocean',
    data: [
      {
        label: 'Secret token',
        authClass: 'Digital Ocean',
        method: [{ label: 'Api Token' }],
        service: 'token_do',
        template: {
          intro: 'Please add your Api token.',
          dc: [true, false],
          conn: [
            {
              comp: 'bs-input',
              validate: 'required',
              metas: { class: 'mt20', name: 'token', type: 'password', label: 'Token*' },
            },
          ],
          extra: [
            {
              comp: 'accordion',
              validate: '',
              panel: [{ header: 'Get App Token', body: TOKEN_HELP }],
              metas: { name: 'do-p' },
            },
          ],
        },
      },
    ],
  },
  credentialFields: [{ name: 'token', label: 'Token', secret: true }],
};
