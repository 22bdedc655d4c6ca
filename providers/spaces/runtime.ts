/** The Spaces runtime: S3 clients per (keys, region) and the one kind (loaded on first use). */
import type { ProviderRuntime } from '../types.js';
import {
  listBucketsPage,
  normalizeSpacesBucket,
  SPACES_FIELDS,
  SpacesClients,
  type SpacesOptions,
} from './buckets.js';
import type { SpacesCredentials } from './credentials.js';
import { classifySpacesError } from './errors.js';

export type SpacesRuntime = ProviderRuntime<SpacesCredentials> & { clients: SpacesClients };

export function createSpacesRuntime(options: SpacesOptions): SpacesRuntime {
  const clients = new SpacesClients(options);
  return {
    resources: {
      'spaces.listBuckets': {
        fields: SPACES_FIELDS,
        listPage: (input) => listBucketsPage(clients, input),
        normalize: normalizeSpacesBucket,
      },
    },
    classifyError: classifySpacesError,
    close: () => clients.destroy(),
    clients,
  };
}
