import type { ListPageInput, Provider, ResourceKind } from '../types.js';
import { AzureClients } from './clients.js';
import { PUBLIC_CLOUD, type AzureEndpoints } from './endpoints.js';
import { parseAzureCredentials, type AzureCredentials } from './credentials.js';
import { classifyAzureError } from './errors.js';
import { AZURE_COMMANDS, AZURE_TASKS } from './catalogue.js';
import { azureKinds, listSubscriptions, type AzureKind } from './listing.js';

/**
 * Azure (spec §3.1 `sub_azure`, §5.3, §6.6): a service principal; every kind is listed per subscription,
 * and the subscription is the account of the scope (`<command>@<subscription>/global`), whether the
 * connection names one (`sub`, as the original) or leaves it empty for every subscription it can see.
 */
export function createAzureProvider(
  endpoints: AzureEndpoints = PUBLIC_CLOUD,
): Provider<AzureCredentials> & { clients: AzureClients } {
  const clients = new AzureClients(endpoints);
  const toKind = (k: AzureKind): ResourceKind<AzureCredentials> => ({
    command: k.command,
    entity: AZURE_COMMANDS[k.command]!.entity,
    global: true,
    fields: k.fields,
    listPage: (input: ListPageInput<AzureCredentials>) => {
      const subscription = input.credentials.sub;
      if (!subscription) throw new Error('Azure: a scope without a subscription');
      return k.listPage({
        credentials: input.credentials,
        subscription,
        token: input.token,
        signal: input.signal,
      });
    },
    normalize: (raw, ctx) => k.normalize(raw, ctx),
  });
  const kinds = azureKinds(clients);
  return {
    id: 'azure',
    label: 'Azure',
    services: ['sub_azure'],
    tasks: AZURE_TASKS,
    resources: Object.fromEntries(Object.values(kinds).map((k) => [k.command, toKind(k)])),
    parseCredentials: parseAzureCredentials,
    regions: () => [],
    classifyError: classifyAzureError,
    accounts: async (credentials, signal) =>
      credentials.sub ? [credentials.sub] : listSubscriptions(clients, credentials, signal),
    credentialsFor: (credentials, account) => Promise.resolve({ ...credentials, sub: account }),
    catalogue: {
      icon: 'icon-azure',
      method: ['Subscription Secret Key'],
      intro: 'Please add your Client Id, Secret, Tenant id and subscription Id.',
      credentialFields: [
        { name: 'client', label: 'Client ID*' },
        { name: 'secret', label: 'Secret Key*', secret: true },
        { name: 'tenant', label: 'Tenant ID*' },
        { name: 'sub', label: 'Subscription Id (empty: every subscription)', optional: true },
        { name: 'certificate', label: 'Certificate (PEM with private key)', secret: true, optional: true },
      ],
    },
    clients,
  };
}
