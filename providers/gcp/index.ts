import { url, v } from '../../core/config.js';
import { defineProvider } from '../types.js';
import { GCP_CATALOGUE, GCP_COMMANDS, GCP_TASKS } from './catalogue.js';
import { parseGcpCredentials, type GcpCredentials } from './credentials.js';

/** The GCP provider's settings (its environment variables). */
export interface GcpSettings {
  endpoint: string;
}

/** Google Cloud: Compute Engine, Cloud Storage and Resource Manager (docs/gcp.md). */
export const gcpProvider = defineProvider<'gcp', GcpSettings, GcpCredentials>({
  id: 'gcp',
  label: 'GCP',
  services: ['sa_gcp', 'gcp', 'GCP'],
  settings: {
    endpoint: v({
      env: 'GCP_ENDPOINT_URL',
      default: '',
      parse: url,
      doc: 'Override of every Google API endpoint (the GCP fake in tests), e.g. http://127.0.0.1:8085.',
    }),
  },
  tasks: GCP_TASKS,
  commands: GCP_COMMANDS,
  catalogue: GCP_CATALOGUE,
  parseCredentials: parseGcpCredentials,
  // Every command is per project (aggregated lists span all zones): regions are not planned.
  regions: () => [],
  async load({ settings, httpTimeoutMs }) {
    const { createGcpRuntime } = await import('./runtime.js');
    return createGcpRuntime({ endpoint: settings.endpoint, timeoutMs: httpTimeoutMs });
  },
});
