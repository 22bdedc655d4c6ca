import { regionCode } from '../../core/regions.js';
import type { Provider } from '../types.js';
import { AwsClients, type AwsClientOptions } from './clients.js';
import { awsBudgetKey, parseAwsCredentials, type AwsCredentials } from './credentials.js';
import { classifyAwsError } from './errors.js';
import { organizationHooks } from './organizations.js';
import { ec2Kinds, ec2Tasks } from './resources/ec2.js';
import { serviceKinds, serviceTasks } from './resources/services.js';

export function createAwsProvider(
  options: AwsClientOptions & { ownerIds?: readonly string[] },
): Provider<AwsCredentials> & { clients: AwsClients } {
  const clients = new AwsClients(options);
  const kinds = [...ec2Kinds(clients, options.ownerIds), ...serviceKinds(clients)];
  return {
    id: 'aws',
    label: 'AWS',
    services: ['iam_aws'],
    tasks: { ...ec2Tasks, ...serviceTasks },
    resources: Object.fromEntries(kinds.map((k) => [k.command, k])),
    parseCredentials: parseAwsCredentials,
    regions: (conn) => (conn.regions ?? []).filter((r) => regionCode(r) !== '' && regionCode(r) !== 'all'),
    classifyError: classifyAwsError,
    budgetKey: awsBudgetKey,
    ...organizationHooks(clients),
    catalogue: {
      icon: 'aws.png',
      method: ['API'],
      intro:
        'An IAM user with read-only access (e.g. the ReadOnlyAccess policy): its access key id and secret.',
      credentialFields: [
        { name: 'access', label: 'Access key id' },
        { name: 'secret', label: 'Secret access key', secret: true },
        { name: 'session_token', label: 'Session token', secret: true, optional: true },
        { name: 'role_arn', label: 'Role ARN to assume', optional: true },
        { name: 'external_id', label: 'External id of the role', secret: true, optional: true },
        { name: 'session_name', label: 'Role session name', optional: true },
      ],
      regions: [
        'us-east-1 (N. Virginia)',
        'us-east-2 (Ohio)',
        'us-west-1 (N. California)',
        'us-west-2 (Oregon)',
        'ca-central-1 (Canada Central)',
        'sa-east-1 (Sao Paulo)',
        'eu-west-1 (Ireland)',
        'eu-west-2 (London)',
        'eu-west-3 (Paris)',
        'eu-central-1 (Frankfurt)',
        'eu-north-1 (Stockholm)',
        'ap-south-1 (Mumbai)',
        'ap-northeast-1 (Tokyo)',
        'ap-northeast-2 (Seoul)',
        'ap-southeast-1 (Singapore)',
        'ap-southeast-2 (Sydney)',
      ],
      commandLabels: {
        'ec2.describeInstances': { keyComparer: 'ipv4_private' },
      },
    },
    clients,
  };
}
