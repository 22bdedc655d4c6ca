import type { FormatCatalogue } from './catalogue.js';
import type { FileKind } from './kind.js';

/** One file format as a provider: the original's provider folder (`file`, `ansible`, `terraform`). */
export interface FileFormat {
  id: string;
  label: string;
  /** Maestro service keys: `upload_<suffix>`, `ssh_<suffix>`, `s3_<suffix>`. */
  services: readonly string[];
  tasks: Readonly<Record<string, readonly string[]>>;
  kinds: readonly FileKind[];
  catalogue: FormatCatalogue;
}
