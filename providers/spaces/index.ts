import { v, type Parser } from '../../core/config.js';
import { regionCode } from '../../core/regions.js';
import { defineProvider, type ProviderCatalogue } from '../types.js';
import { parseSpacesCredentials, type SpacesCredentials } from './credentials.js';

/** `https://{region}.digitaloceanspaces.com`: the Spaces endpoint of a region. */
export const SPACES_ENDPOINT = 'https://{region}.digitaloceanspaces.com';

/** An http(s) URL template; `{region}` is replaced by the scope's region slug. */
const endpointTemplate: Parser<string> = (raw) => {
  const value = raw.trim();
  if (value === '') return SPACES_ENDPOINT;
  let parsed: URL;
  try {
    parsed = new URL(value.replaceAll('{region}', 'nyc3'));
  } catch {
    throw new Error(`must be an http(s) URL (with {region} where the region goes), got "${raw}"`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new Error(`must be an http(s) URL, got "${raw}"`);
  return value.replace(/\/+$/, '');
};

export interface SpacesSettings {
  endpoint: string;
}

/** The Spaces regions offered when a connection is created (DO's Spaces datacenters). */
export const SPACES_REGIONS = [
  'nyc3 (New York 3)',
  'sfo2 (San Francisco 2)',
  'sfo3 (San Francisco 3)',
  'ams3 (Amsterdam 3)',
  'fra1 (Frankfurt 1)',
  'lon1 (London 1)',
  'sgp1 (Singapore 1)',
  'syd1 (Sydney 1)',
  'blr1 (Bangalore 1)',
  'tor1 (Toronto 1)',
  'atl1 (Atlanta 1)',
];

const SPACES_HELP =
  'To create a new token, enter on dashboard: <ol><li>Click the API link in the main navigation</li><li>Takes you to to the Spaces token</li><li>On the Tokens/Keys tab.</li> <li>Click the Generate New Token on Spaces, get the key and secret key.</li></ol>';

/** client-app's info.json (spec §2.3), as the original shipped it, `service: spaces_do` (§3.2 alias). */
const SPACES_CATALOGUE: ProviderCatalogue = {
  info: {
    icon: 'icon-digital-ocean',
    label: 'Spaces',
    method: ['Spaces Token'],
    dc: 'Digital Ocean',
    data: [
      {
        icon: 'icon-digital-ocean',
        label: 'Access and secret key',
        authClass: 'S3',
        service: 'spaces_do',
        method: [{ label: 'Spaces Token' }],
        template: {
          intro: 'Please add your Spaces token.',
          dc: [true, true],
          conn: [
            {
              comp: 'bs-input',
              validate: 'required',
              metas: { class: 'mt20', name: 'access', label: 'Space AccessKey ID*' },
            },
            {
              comp: 'bs-input',
              validate: 'required',
              metas: { name: 'secret', type: 'password', label: 'Space SecretAccess Key*' },
            },
          ],
          extra: [
            {
              comp: 'accordion',
              validate: '',
              panel: [{ header: 'Get Spaces Token', body: SPACES_HELP }],
              metas: { name: 'spaces-p' },
            },
          ],
        },
      },
    ],
  },
  regions: SPACES_REGIONS,
  credentialFields: [
    { name: 'access', label: 'Space AccessKey ID' },
    { name: 'secret', label: 'Space SecretAccess Key', secret: true },
  ],
};

/**
 * DO Spaces (spec §3.1 "DO Spaces", §5.2): `storage-object-list`, ListBuckets at each region's endpoint
 * through the S3 client, with the Spaces keys. A provider of its own, as in the original: another
 * connection type with other credentials and with regions. docs/digitalocean.md.
 */
export const spacesProvider = defineProvider<'spaces', SpacesSettings, SpacesCredentials>({
  id: 'spaces',
  label: 'Spaces',
  // §3.2/§12.4: the client app's `spaces_do` and the original connector key `Spaces (DO)`.
  services: ['spaces_do', 'Spaces (DO)'],
  settings: {
    endpoint: v({
      env: 'SPACES_ENDPOINT',
      default: SPACES_ENDPOINT,
      parse: endpointTemplate,
      doc: 'DO Spaces endpoint template; {region} is replaced by the region slug (an S3-compatible server in tests).',
    }),
  },
  tasks: { 'storage-object-list': ['spaces.listBuckets'] },
  commands: {
    'spaces.listBuckets': {
      entity: 'applications',
      per: 'region',
      recipe: {
        access: 'list_buckets',
        command: 's3',
        family: 'ObjectStorage',
        provider: 'Spaces (DigitalOcean)',
        result_path: 'Buckets',
        vars: [],
        init_job: true,
      },
    },
  },
  catalogue: SPACES_CATALOGUE,
  parseCredentials: parseSpacesCredentials,
  regions: (conn) => conn.regions.filter((r) => regionCode(r) !== '' && regionCode(r) !== 'all'),
  async load({ settings, httpTimeoutMs }) {
    const { createSpacesRuntime } = await import('./runtime.js');
    return createSpacesRuntime({ endpoint: settings.endpoint, timeoutMs: httpTimeoutMs });
  },
});
