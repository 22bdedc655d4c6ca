// A file format as a provider definition (providers/types.ts): one scope per command per connection
// (`per: 'account'`, no accounts), the transport chosen per connection (its service key, else the
// credentials' fields). The SDK-using code (S3 client, ssh2) is loaded by `load()` only.
import { url, v } from '../../core/config.js';
import type { CommandSpec, ProviderDefinition, SettingSpecs } from '../types.js';
import { infoJson } from './catalogue.js';
import { parseFileCredentials, type FileCredentials } from './credentials.js';
import type { FileFormat } from './format.js';

/** The file sources' settings (each of the three providers reads the same variables). */
export interface FilesSettings {
  serverUri: string;
  s3Endpoint: string;
}

export const FILES_SETTINGS: SettingSpecs<FilesSettings> = {
  serverUri: v({
    env: 'MAESTRO_SERVER_URI',
    original: true,
    default: 'http://localhost:8888',
    parse: url,
    doc: "server-app's base URL: the file sources' upload_* connections download their files from it.",
  }),
  s3Endpoint: v({
    env: 'DISCOVERY_FILES_S3_ENDPOINT',
    default: '',
    parse: url,
    doc: 'Override of the S3 endpoint of the file sources s3_* connections (moto in tests); empty: AWS.',
  }),
};

export function fileSourceDefinition<const Id extends string>(
  format: FileFormat & { id: Id },
): ProviderDefinition<FilesSettings, FileCredentials> & { id: Id } {
  const info = infoJson(format.catalogue);
  return {
    id: format.id,
    label: format.label,
    services: format.services,
    settings: FILES_SETTINGS,
    tasks: format.tasks,
    commands: Object.fromEntries(
      format.kinds.map((k): [string, CommandSpec] => [
        k.command,
        {
          entity: k.entity,
          per: 'account',
          recipe: {
            access: k.recipe.access,
            command: 's3',
            result_path: k.recipe.result_path,
            key_comparer: k.recipe.key_comparer,
            ...(k.recipe.family ? { family: k.recipe.family } : {}),
            vars: [{ name: 'MaxKeys', env: 'MAESTRO_SCAN_QTD', default: 200, type: 'int' }],
            init_job: true,
          },
        },
      ]),
    ),
    catalogue: {
      info: info as unknown as Record<string, unknown>,
      // The /v1 form: every transport's fields (which ones apply follows from the service).
      credentialFields: [
        { name: 'artifacts', label: 'Uploaded file names (upload_*)', optional: true },
        { name: 'bucket', label: 'S3 bucket (s3_*)', optional: true },
        { name: 'path', label: 'S3 key prefix, or SSH file or directory', optional: true },
        { name: 'access', label: 'AWS access key id (s3_*)', optional: true },
        { name: 'secret', label: 'AWS secret access key (s3_*)', secret: true, optional: true },
        { name: 'host', label: 'SSH host (ssh_*)', optional: true },
        { name: 'port', label: 'SSH port (ssh_*, default 22)', optional: true },
        { name: 'user', label: 'SSH user (ssh_*)', optional: true },
        { name: 'key', label: 'SSH private key (ssh_*)', secret: true, optional: true },
        { name: 'passphrase', label: 'SSH key passphrase (ssh_*)', secret: true, optional: true },
        { name: 'fingerprint', label: 'SSH host key fingerprint, SHA256:… (ssh_*)', optional: true },
      ],
    },
    parseCredentials: (decoded) => parseFileCredentials(decoded),
    async load(ctx) {
      const { createFilesRuntime } = await import('./runtime.js');
      return createFilesRuntime(format, ctx);
    },
  };
}
