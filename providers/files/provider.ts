// A file format as a provider of the registry (providers/types.ts): one scope per command per
// connection (`global`: no regions, no accounts), the transport chosen by the credentials.
import type { Provider } from '../types.js';
import { parseFileCredentials, type FileCredentials } from './credentials.js';
import { infoJson } from './catalogue.js';
import type { FileFormat } from './format.js';
import { classifyFileError, fileResource, type FilesEnv } from './runtime.js';

export function fileSourceProvider(format: FileFormat, env: FilesEnv): Provider<FileCredentials> {
  const info = infoJson(format.catalogue);
  return {
    id: format.id,
    label: format.label,
    services: format.services,
    tasks: format.tasks,
    resources: Object.fromEntries(format.kinds.map((k) => [k.command, fileResource(k, env)])),
    parseCredentials: (decoded) => parseFileCredentials(decoded),
    regions: () => ['global'],
    classifyError: classifyFileError,
    catalogue: {
      icon: info.icon,
      method: info.method,
      intro: info.data[0]?.template.intro ?? '',
      credentialFields: [],
      commandLabels: Object.fromEntries(
        format.kinds.map((k) => [
          k.command,
          {
            keyComparer: k.recipe.key_comparer,
            ...(k.recipe.family ? { family: k.recipe.family } : {}),
          },
        ]),
      ),
    },
  };
}
