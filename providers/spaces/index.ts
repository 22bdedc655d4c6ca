import type { Provider } from '../types.js';
import {
  listBucketsPage,
  normalizeSpacesBucket,
  SPACES_ENDPOINT,
  SPACES_FIELDS,
  SpacesClients,
  type SpacesOptions,
} from './buckets.js';
import { parseSpacesCredentials, type SpacesCredentials } from './credentials.js';
import { classifySpacesError } from './errors.js';
import { regionCode } from '../../core/regions.js';

/** The Spaces regions offered when a connection is created (DO's Spaces-enabled datacenters). */
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

/**
 * DO Spaces (spec §3.1 "DO Spaces", §5.2): `storage-object-list`, ListBuckets at each region's endpoint
 * through the S3 client, with the Spaces keys (not the DO API token). A separate provider, as in the
 * original: another connection type (`spaces_do` / `Spaces (DO)`) with other credentials and regions.
 */
export function createSpacesProvider(
  options: Partial<SpacesOptions> & { timeoutMs: number },
): Provider<SpacesCredentials> & { clients: SpacesClients } {
  const clients = new SpacesClients({
    endpoint: options.endpoint || SPACES_ENDPOINT,
    timeoutMs: options.timeoutMs,
  });
  return {
    id: 'spaces',
    label: 'Spaces',
    // §3.2/§12.4: the UI's `spaces_do` and the connector key `Spaces (DO)`.
    services: ['spaces_do', 'Spaces (DO)'],
    tasks: { 'storage-object-list': ['spaces.listBuckets'] },
    resources: {
      'spaces.listBuckets': {
        command: 'spaces.listBuckets',
        entity: 'applications',
        fields: SPACES_FIELDS,
        listPage: (input) => listBucketsPage(clients, input),
        normalize: normalizeSpacesBucket,
      },
    },
    parseCredentials: parseSpacesCredentials,
    regions: (conn) => (conn.regions ?? []).filter((r) => regionCode(r) !== '' && regionCode(r) !== 'all'),
    classifyError: classifySpacesError,
    catalogue: {
      icon: 'icon-digital-ocean',
      method: ['Spaces Token'],
      intro: 'Please add your Spaces access key and secret (Spaces keys, not the API token).',
      credentialFields: [
        { name: 'access', label: 'Space AccessKey ID' },
        { name: 'secret', label: 'Space SecretAccess Key', secret: true },
      ],
      regions: SPACES_REGIONS,
      commandLabels: { 'spaces.listBuckets': { family: 'ObjectStorage', provider: 'Spaces (DigitalOcean)' } },
    },
    clients,
  };
}
