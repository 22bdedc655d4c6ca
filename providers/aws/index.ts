import { url, v } from '../../core/config.js';
import { regionCode } from '../../core/regions.js';
import { defineProvider } from '../types.js';
import { AWS_CATALOGUE, AWS_COMMANDS, AWS_TASKS } from './catalogue.js';
import { parseAwsCredentials, type AwsCredentials } from './credentials.js';
import { DEFAULT_OWNER_IDS, parseOwnerIds } from './resources/ec2-owners.js';

/** The AWS provider's settings (its environment variables). */
export interface AwsSettings {
  endpoint: string;
  ownerIds: readonly string[];
}

export const awsProvider = defineProvider<'aws', AwsSettings, AwsCredentials>({
  id: 'aws',
  label: 'AWS',
  services: ['iam_aws'],
  settings: {
    endpoint: v({
      env: 'AWS_ENDPOINT_URL',
      default: '',
      parse: url,
      doc: 'Override of every AWS endpoint (moto in tests and the demo).',
    }),
    ownerIds: v<readonly string[]>({
      env: 'MAESTRO_OWNERIDS',
      original: true,
      default: DEFAULT_OWNER_IDS,
      parse: parseOwnerIds,
      doc: 'AWS snapshot and image owners: a JSON array or a comma list of self, amazon, aws-marketplace, aws-backup-vault or 12-digit account ids.',
    }),
  },
  tasks: AWS_TASKS,
  commands: AWS_COMMANDS,
  catalogue: AWS_CATALOGUE,
  parseCredentials: parseAwsCredentials,
  regions: (conn) => conn.regions.filter((r) => regionCode(r) !== '' && regionCode(r) !== 'all'),
  async load({ settings, httpTimeoutMs }) {
    const { createAwsRuntime } = await import('./runtime.js');
    return createAwsRuntime({
      endpoint: settings.endpoint,
      timeoutMs: httpTimeoutMs,
      ownerIds: settings.ownerIds,
    });
  },
});
