// The golden-file comparison every provider's golden tests share: `shaped` (already JSON-shaped by the
// provider's helper) against test/fixtures/<provider>/golden/<name>.json. A missing file fails;
// UPDATE_GOLDEN=1 writes it instead (review the diff before committing it: a golden file is the
// provider's documented mapping written down, not whatever the code produced).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export function assertGoldenFile(provider: string, name: string, shaped: unknown): void {
  const file = new URL(`../fixtures/${provider}/golden/${name}.json`, import.meta.url);
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(dirname(file.pathname), { recursive: true });
    writeFileSync(file, `${JSON.stringify(shaped, null, 2)}\n`);
    return;
  }
  assert.ok(existsSync(file), `golden file ${file.pathname} is missing (UPDATE_GOLDEN=1 writes it)`);
  assert.deepStrictEqual(shaped, JSON.parse(readFileSync(file, 'utf8')));
}
