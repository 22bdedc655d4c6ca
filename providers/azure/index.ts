import { url, v } from '../../core/config.js';
import { defineProvider } from '../types.js';
import { AZURE_COMMANDS, AZURE_CREDENTIAL_FIELDS, AZURE_INFO, AZURE_TASKS } from './catalogue.js';
import { PUBLIC_CLOUD, type AzureEndpoints } from './endpoints.js';
import { parseAzureCredentials, type AzureCredentials } from './credentials.js';

/**
 * Azure (spec §3.1 `sub_azure`, §5.3, §6.6; docs/azure.md): a service principal; every command is
 * listed per subscription, the scope's account, whether the connection names one (`sub`, as the
 * original) or leaves it empty for every subscription the principal can see.
 */
export const azureProvider = defineProvider<'azure', AzureEndpoints, AzureCredentials>({
  id: 'azure',
  label: 'Azure',
  services: ['sub_azure'],
  settings: {
    authorityHost: v({
      env: 'AZURE_AUTHORITY_HOST',
      default: PUBLIC_CLOUD.authorityHost,
      parse: url,
      doc: 'Entra ID authority host of the Azure cloud (sovereign clouds; the fake ARM server in tests).',
    }),
    armEndpoint: v({
      env: 'AZURE_ARM_ENDPOINT',
      default: PUBLIC_CLOUD.armEndpoint,
      parse: url,
      doc: 'Azure Resource Manager endpoint; tokens are requested for <endpoint>/.default.',
    }),
  },
  tasks: AZURE_TASKS,
  commands: AZURE_COMMANDS,
  catalogue: { info: AZURE_INFO, credentialFields: AZURE_CREDENTIAL_FIELDS },
  parseCredentials: parseAzureCredentials,
  async load({ settings, httpTimeoutMs }) {
    const { createAzureRuntime } = await import('./runtime.js');
    return createAzureRuntime(settings, httpTimeoutMs);
  },
});
