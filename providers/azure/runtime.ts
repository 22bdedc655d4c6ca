/** The Azure provider's runtime: SDK clients and the resource kinds (loaded on first use, see index.ts). */
import type { ProviderRuntime, ResourceKind } from '../types.js';
import { AzureClients } from './clients.js';
import type { AzureCredentials } from './credentials.js';
import type { AzureEndpoints } from './endpoints.js';
import { classifyAzureError } from './errors.js';
import { azureKinds, listSubscriptions, type AzureKind } from './listing.js';
import { legacyAzureUniqueIds } from './records.js';

export type AzureRuntime = ProviderRuntime<AzureCredentials> & { clients: AzureClients };

export function createAzureRuntime(endpoints: AzureEndpoints, timeoutMs: number): AzureRuntime {
  const clients = new AzureClients(endpoints, timeoutMs);
  const toKind = (k: AzureKind): ResourceKind<AzureCredentials> => ({
    fields: k.fields,
    listPage: ({ connection, account, token, signal }) => {
      // The scope's subscription (`credentialsFor` also put it in the credentials).
      const subscription = account ?? connection.credentials.sub;
      if (!subscription) throw new Error('Azure: a scope without a subscription');
      return k.listPage({ credentials: connection.credentials, subscription, token, signal });
    },
    normalize: (raw, ctx) => k.normalize(raw, ctx),
    // The original hashed the ARM id's parts as returned (docs/azure.md, identity): a document it wrote
    // for a resource group ARM spells with capitals is found under that id, adopted and re-keyed.
    legacyUniqueIds: (record) => legacyAzureUniqueIds(record.arm_id),
  });
  return {
    resources: Object.fromEntries(Object.values(azureKinds(clients)).map((k) => [k.command, toKind(k)])),
    classifyError: classifyAzureError,
    // One named subscription, or every subscription the principal sees: each is the account of its scopes.
    accounts: async (conn, signal) =>
      conn.credentials.sub ? [conn.credentials.sub] : listSubscriptions(clients, conn.credentials, signal),
    credentialsFor: (conn, account) => Promise.resolve({ ...conn.credentials, sub: account }),
    verifyCredentials: async (conn, signal) => {
      await listSubscriptions(clients, conn.credentials, signal);
    },
    clients,
  };
}
