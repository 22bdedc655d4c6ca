import { fileSourceDefinition } from '../files/definition.js';
import { FILE_FORMAT } from './format.js';

/** Maestro JSON import (`upload_file`, `s3_file`, `ssh_file`): see docs/files.md. */
export const fileProvider = fileSourceDefinition({ ...FILE_FORMAT, id: 'file' as const });
