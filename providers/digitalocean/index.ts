import { url, v } from '../../core/config.js';
import { defineProvider } from '../types.js';
import { DO_CATALOGUE, DO_COMMANDS, DO_TASKS } from './catalogue.js';
import { parseDoCredentials, type DoCredentials } from './credentials.js';

export const DO_API_URL = 'https://api.digitalocean.com';

/** The DigitalOcean provider's settings. */
export interface DoSettings {
  apiUrl: string;
}

/**
 * DigitalOcean (spec §3.1, §5.4, §6.7): the API v2 with a personal access token; one account, no
 * regions. docs/digitalocean.md.
 */
export const digitaloceanProvider = defineProvider<'digitalocean', DoSettings, DoCredentials>({
  id: 'digitalocean',
  label: 'Digital Ocean',
  // §3.2/§12.4: the client app's `token_do` and the original connector key `Digital Ocean`.
  services: ['token_do', 'Digital Ocean', 'DigitalOcean'],
  settings: {
    apiUrl: v({
      env: 'DIGITALOCEAN_API_URL',
      default: DO_API_URL,
      parse: url,
      doc: 'DigitalOcean API base URL (a fake or Prism in tests).',
    }),
  },
  tasks: DO_TASKS,
  commands: DO_COMMANDS,
  catalogue: DO_CATALOGUE,
  parseCredentials: parseDoCredentials,
  regions: () => ['all'],
  async load({ settings, httpTimeoutMs }) {
    const { createDoRuntime } = await import('./runtime.js');
    return createDoRuntime({ baseUrl: settings.apiUrl || DO_API_URL, timeoutMs: httpTimeoutMs });
  },
});
