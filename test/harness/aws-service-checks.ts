// Checks shared by the per-task tests of the non-EC2 AWS kinds (test/aws/<service>-*.test.ts): crawl a
// kind through collectKind, then hold its records to the rules every kind must keep, and to its golden
// file.
import assert from 'node:assert/strict';
import type { NormalizedRecord } from '../../core/model.js';
import { awsProvider } from '../../providers/aws/index.js';
import { createAwsRuntime } from '../../providers/aws/runtime.js';
import { assertGolden, collectKind, type CollectedKind } from './aws-kinds.js';

/** Fails on a `null` or `undefined` anywhere in `value` (a MongoDB driver writes both as null). */
export function assertNoNulls(value: unknown, path = 'record'): void {
  assert.ok(value !== null && value !== undefined, `${path} is ${String(value)}`);
  if (Array.isArray(value)) value.forEach((v, i) => assertNoNulls(v, `${path}[${i}]`));
  else if (typeof value === 'object' && !(value instanceof Date) && value.constructor === Object)
    for (const [k, v] of Object.entries(value)) assertNoNulls(v, `${path}.${k}`);
}

/** The provider's own registration of a task: its commands, and whether each is global. */
export function taskCommands(
  task: string,
): Array<{ command: string; global: boolean; fields: readonly string[] }> {
  const provider = createAwsRuntime({ endpoint: 'http://127.0.0.1:9', timeoutMs: 1000 });
  try {
    const commands = awsProvider.tasks[task];
    assert.ok(commands, `AWS provider has no task ${task}`);
    return commands.map((command) => {
      const kind = provider.resources[command];
      assert.ok(kind, `task ${task}: command ${command} is not registered`);
      return { command, global: awsProvider.commands[command]?.per === 'account', fields: kind.fields };
    });
  } finally {
    provider.clients.destroy();
  }
}

export interface CrawledKind extends CollectedKind {
  /** Records sorted by name then unique_id, so golden files do not depend on listing order. */
  sorted: NormalizedRecord[];
  ids: string[];
}

/**
 * Crawls `command` page by page and checks what every kind must hold: one record per unique_id, no
 * null anywhere, `unique_id` and `active` set, only declared fields (plus those two) written.
 */
export async function crawl(opts: {
  endpoint: string;
  command: string;
  region: string;
  pageSize: number;
}): Promise<CrawledKind> {
  const got = await collectKind(opts);
  const provider = createAwsRuntime({ endpoint: opts.endpoint, timeoutMs: 1000 });
  const fields = new Set(provider.resources[opts.command]?.fields ?? []);
  provider.clients.destroy();
  for (const r of got.records) {
    assertNoNulls(r, `${opts.command} ${r.unique_id}`);
    assert.equal(typeof r.unique_id, 'string');
    assert.equal(typeof r.active, 'boolean');
    for (const key of Object.keys(r))
      assert.ok(key === 'unique_id' || fields.has(key), `${opts.command}: field ${key} is not in its FIELDS`);
  }
  const ids = got.records.map((r) => r.unique_id);
  assert.equal(new Set(ids).size, ids.length, `${opts.command}: duplicate unique_id in ${ids.join(', ')}`);
  const sorted = [...got.records].sort(
    (a, b) => String(a.name).localeCompare(String(b.name)) || a.unique_id.localeCompare(b.unique_id),
  );
  return { ...got, sorted, ids: [...ids].sort() };
}

/** Page boundaries: more than one page, every page within the size, the union exactly `expected`. */
export function assertPaged(got: CrawledKind, pageSize: number, expected: string[]): void {
  assert.ok(got.pages > 1, `expected more than one page, got ${got.pages} (${got.pageSizes.join(', ')})`);
  assert.ok(
    got.pageSizes.every((n) => n <= pageSize),
    `a page exceeds ${pageSize}: ${got.pageSizes.join(', ')}`,
  );
  assert.deepEqual(got.ids, [...expected].sort());
}

/**
 * Golden comparison after replacing run-specific strings (the moto endpoint in SQS URLs, …) by stable
 * placeholders; `masked` keys become "<masked>" (see assertGolden).
 */
export function assertGoldenRecords(
  name: string,
  records: NormalizedRecord[],
  masked: readonly string[],
  replace: Record<string, string> = {},
): void {
  let json = JSON.stringify(records);
  for (const [from, to] of Object.entries(replace)) json = json.split(from).join(to);
  assertGolden(name, JSON.parse(json), masked);
}
