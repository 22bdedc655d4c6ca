/**
 * What the Azure provider offers, as data (no SDK imported): its tasks and commands with Maestro's recipe
 * labels (the original's permission.json, spec §3.1), and its connection form (the original's info.json).
 * The implementations of the commands are in resources/ and listing.ts, loaded by runtime.ts.
 */
import type { Entity } from '../../core/model.js';

/** Tasks → ordered command ids: the original's five tasks, plus security-list and loadbalance-list. */
export const AZURE_TASKS: Readonly<Record<string, readonly string[]>> = {
  'server-list': ['compute.virtualMachines.listAll'],
  'volumes-list': ['compute.disks.list'],
  'snapshot-list': ['compute.snapshots.list'],
  'images-list': ['compute.images.list'],
  'network-list': [
    'network.networkInterfaces.listAll',
    'network.publicIPAddresses.listAll',
    'network.routeTables.listAll',
    'network.virtualNetworks.listAll',
  ],
  'security-list': ['network.networkSecurityGroups.listAll'],
  'loadbalance-list': ['network.loadBalancers.listAll'],
};

export interface AzureCommand {
  entity: Entity;
  /** Every Azure command is listed once per subscription (the scope's account). */
  per: 'account';
  recipe: Record<string, unknown>;
}

const command = (
  entity: Entity,
  client: 'compute' | 'network',
  access: string,
  exec: 'list' | 'list_all',
  extra: Record<string, unknown> = {},
): AzureCommand => ({
  entity,
  per: 'account',
  recipe: {
    access,
    command: client,
    result_path: 'value',
    key_comparer: 'unique_id',
    conf: { exec },
    // ARM decides the page size of these lists (no $top); the original's per_page chunked a full list.
    vars: [],
    init_job: true,
    ...extra,
  },
});

/** Command id → entity, plan axis and the original's recipe labels. */
export const AZURE_COMMANDS: Readonly<Record<string, AzureCommand>> = {
  'compute.virtualMachines.listAll': command('servers', 'compute', 'virtual_machines', 'list_all', {
    // The original keyed servers on ipv4_private, produced only by hooks after the lookup (§12.3).
    hooks: [],
  }),
  'compute.disks.list': command('volumes', 'compute', 'disks', 'list'),
  'compute.snapshots.list': command('snapshots', 'compute', 'snapshots', 'list'),
  'compute.images.list': command('images', 'compute', 'images', 'list'),
  'network.networkInterfaces.listAll': command('networks', 'network', 'network_interfaces', 'list_all', {
    family: 'NetworkInterface',
  }),
  'network.publicIPAddresses.listAll': command('networks', 'network', 'public_ip_addresses', 'list_all', {
    family: 'PublicIpAddress',
  }),
  'network.routeTables.listAll': command('networks', 'network', 'route_tables', 'list_all', {
    family: 'RouteTables',
  }),
  'network.virtualNetworks.listAll': command('networks', 'network', 'virtual_networks', 'list_all', {
    family: 'VirtualNetwork',
  }),
  'network.networkSecurityGroups.listAll': command(
    'networks',
    'network',
    'network_security_groups',
    'list_all',
    { family: 'SecurityGroup' },
  ),
  'network.loadBalancers.listAll': command('applications', 'network', 'load_balancers', 'list_all', {
    family: 'Loadbalance',
    provider: 'LB (Azure)',
  }),
};

const input = (name: string, label: string, extra: Record<string, unknown> = {}, validate = 'required') => ({
  comp: 'bs-input',
  validate,
  metas: { ...extra, name, label },
});

/**
 * The connection form client-app renders: the original's info.json (service `sub_azure`, fields
 * `client`, `secret`, `tenant`, `sub`), with the secret as a password input, `sub` optional (empty:
 * every subscription the principal can see) and the accordion's `metas.name` no longer `aws-p`.
 */
export const AZURE_INFO: Record<string, unknown> = {
  icon: 'icon-azure',
  label: 'Azure',
  method: ['Subscription Secret Key'],
  dc: 'Azure',
  data: [
    {
      label: 'Subscription',
      service: 'sub_azure',
      template: {
        intro:
          'Please add your Client Id, Secret, Tenant id and subscription Id (leave the subscription empty to discover every subscription the application can read).',
        dc: [true, false],
        conn: [
          input('client', 'Client ID*', { class: 'mt20' }),
          input('secret', 'Secret Key*', { type: 'password' }),
          input('tenant', 'Tenant ID*', { class: 'mt20' }),
          input('sub', 'Subscription Id', {}, ''),
        ],
        extra: [
          {
            comp: 'accordion',
            validate: '',
            panel: [
              {
                header: 'Create and get Client ID',
                body: 'Create application in Azure Active Directory and you can then note the application ID. <ol><li>Sign in to your Azure Account through the Azure portal.</li><li>Select Azure Active Directory.</li><li>Select App registrations.</li><li>Get Client ID and Tenant ID.</li></ol>',
              },
              {
                header: 'Generate Authentication Key',
                body: '<b>Provide Permission</b>, select the application created and<ol><li>Go to Certificates & secrets.</li><li>Create a client secret, with a description and an expiry.</li><li>Copy its value (not its id).</li></ol>',
              },
              {
                header: 'Get tenant ID',
                body: 'When programmatically signing in, you need to pass the tenant ID with your authentication request. <ol><li>Select Azure Active Directory.</li><li>Select Properties.</li><li>Copy the Directory ID to get your tenant ID.</li></ol>',
              },
              {
                header: 'Acquire Subscription ID',
                body: 'Grant permission for the application to access subscription that you want to configure.<ol><li>On the Azure portal, navigate to Subscriptions.</li><li>Select the subscription and note the subscription ID.</li><li>Choose Access Control (IAM), Add > Add role assignment.</li><li>Pick the role <b>Reader</b>: it can view everything, but cannot make any changes.</li><li>Assign it to the application you created and save.</li></ol>',
              },
            ],
            metas: { name: 'azure-p' },
          },
          {
            comp: 'p',
            validate: '',
            html: "More details about the setup <a href='http://docs.maestroserver.io/en/latest/userguide/cloud_inventory/autodiscovery/azure.html' target='_blank'>Maestro Azure</a>. </br>Can see more on <a href='https://learn.microsoft.com/entra/identity-platform/howto-create-service-principal-portal' target='_blank'>Portal Azure - Services</a>",
            metas: { name: 'azure-p' },
          },
        ],
      },
    },
  ],
};

/** The /v1 credential fields, in the form's order (a certificate may replace the secret). */
export const AZURE_CREDENTIAL_FIELDS = [
  { name: 'client', label: 'Client ID' },
  { name: 'secret', label: 'Client secret', secret: true, optional: true },
  { name: 'tenant', label: 'Tenant ID' },
  { name: 'sub', label: 'Subscription id (empty: every subscription)', optional: true },
  { name: 'certificate', label: 'Certificate (PEM with its private key)', secret: true, optional: true },
] as const;
