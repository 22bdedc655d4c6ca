// Golden-file support for the file sources: a fixture file read through a kind's real extractor and
// normalizer, compared with the expected documents in test/fixtures/files/golden/.
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MappingContext, NormalizedRecord } from '../../core/model.js';
import type { FileKind } from '../../providers/files/kind.js';

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'files');

export const CTX: MappingContext = {
  connectionId: '65a000000000000000000001',
  dc: 'On-premises',
  dcId: '65a0000000000000000000dc',
  provider: 'Files',
  region: 'global',
};

/** Every record of `files` (paths under the fixtures folder) as a kind reads them, JSON-shaped. */
export async function readKind(kind: FileKind, files: string[], ctx = CTX): Promise<unknown[]> {
  const out: NormalizedRecord[] = [];
  for (const f of files) {
    for await (const item of kind.extract(createReadStream(join(FIXTURES, f)), f))
      out.push(...kind.normalize(item, ctx));
  }
  return JSON.parse(JSON.stringify(out)) as unknown[];
}

export async function golden(name: string): Promise<unknown> {
  return JSON.parse(await readFile(join(FIXTURES, 'golden', `${name}.json`), 'utf8')) as unknown;
}

export function kindOf(kinds: readonly FileKind[], command: string): FileKind {
  const k = kinds.find((x) => x.command === command);
  if (!k) throw new Error(`no kind ${command}`);
  return k;
}
