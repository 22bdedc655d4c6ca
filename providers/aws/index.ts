import { regionCode } from '../../core/regions.js';
import type { Provider } from '../types.js';
import { AwsClients, type AwsClientOptions } from './clients.js';
import { parseAwsCredentials, type AwsCredentials } from './credentials.js';
import { classifyAwsError } from './errors.js';
import { ec2Instances } from './resources/ec2-instances.js';
import { ec2Volumes } from './resources/ec2-volumes.js';

export function createAwsProvider(
  options: AwsClientOptions,
): Provider<AwsCredentials> & { clients: AwsClients } {
  const clients = new AwsClients(options);
  const kinds = [ec2Instances(clients), ec2Volumes(clients)];
  return {
    id: 'aws',
    label: 'AWS',
    services: ['iam_aws'],
    tasks: {
      'server-list': ['ec2.describeInstances'],
      'volumes-list': ['ec2.describeVolumes'],
    },
    resources: Object.fromEntries(kinds.map((k) => [k.command, k])),
    parseCredentials: parseAwsCredentials,
    regions: (conn) => (conn.regions ?? []).filter((r) => regionCode(r) !== '' && regionCode(r) !== 'all'),
    classifyError: classifyAwsError,
    clients,
  };
}
