import { regionCode } from '../../core/regions.js';
import type { Provider } from '../types.js';
import { AwsClients, type AwsClientOptions } from './clients.js';
import { parseAwsCredentials, type AwsCredentials } from './credentials.js';
import { classifyAwsError } from './errors.js';
import { organizationHooks } from './organizations.js';
import { ec2Kinds, ec2Tasks } from './resources/ec2.js';
import { serviceKinds, serviceTasks } from './resources/services.js';

export function createAwsProvider(
  options: AwsClientOptions,
): Provider<AwsCredentials> & { clients: AwsClients } {
  const clients = new AwsClients(options);
  const kinds = [...ec2Kinds(clients), ...serviceKinds(clients)];
  return {
    id: 'aws',
    label: 'AWS',
    services: ['iam_aws'],
    tasks: { ...ec2Tasks, ...serviceTasks },
    resources: Object.fromEntries(kinds.map((k) => [k.command, k])),
    parseCredentials: parseAwsCredentials,
    regions: (conn) => (conn.regions ?? []).filter((r) => regionCode(r) !== '' && regionCode(r) !== 'all'),
    classifyError: classifyAwsError,
    ...organizationHooks(clients),
    clients,
  };
}
