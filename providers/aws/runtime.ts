/** The AWS provider's runtime: SDK clients and the resource kinds (loaded on first use, see index.ts). */
import type { ProviderRuntime } from '../types.js';
import { AwsClients, type AwsClientOptions } from './clients.js';
import type { AwsCredentials } from './credentials.js';
import { classifyAwsError } from './errors.js';
import { organizationHooks } from './organizations.js';
import { ec2Kinds } from './resources/ec2.js';
import { serviceKinds } from './resources/services.js';

export type AwsRuntime = ProviderRuntime<AwsCredentials> & { clients: AwsClients };

export function createAwsRuntime(options: AwsClientOptions & { ownerIds?: readonly string[] }): AwsRuntime {
  const clients = new AwsClients(options);
  const kinds = [...ec2Kinds(clients, options.ownerIds), ...serviceKinds(clients)];
  const hooks = organizationHooks(clients);
  return {
    resources: Object.fromEntries(kinds.map((k) => [k.command, k])),
    classifyError: classifyAwsError,
    accounts: (conn, signal) => hooks.accounts(conn.credentials, signal),
    credentialsFor: (conn, account) => hooks.credentialsFor(conn.credentials, account),
    close: () => clients.destroy(),
    clients,
  };
}
