// Golden files of the GCP provider (test/fixtures/gcp/golden/<name>.json). Dates are written as
// {"$date": "<ISO>"}, so a golden file also checks that a date field holds a real Date, not a string.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { MappingContext } from '../../core/model.js';
import { assertGoldenFile } from './golden.js';

/** The mapping context of every GCP golden record (one connection, the project as the account). */
export const GCP_CTX: MappingContext = {
  connectionId: '65a1f0c2e4b0a1b2c3d4e5f8',
  dc: 'Acme GCP',
  dcId: '65a1f0c2e4b0a1b2c3d4e5f9',
  provider: 'GCP',
  region: 'global',
  account: 'acme-prod',
};

/** JSON of `value` with Dates as {"$date": iso} and the named fields replaced by "<masked>". */
export function goldenShape(value: unknown, masked: readonly string[] = []): unknown {
  const mask = new Set(masked);
  return JSON.parse(
    JSON.stringify(value, function (this: Record<string, unknown>, key, v: unknown) {
      if (mask.has(key) && v !== undefined) return '<masked>';
      const original = this[key];
      return original instanceof Date ? { $date: original.toISOString() } : v;
    }),
  ) as unknown;
}

/**
 * Compares `actual` with test/fixtures/gcp/golden/<name>.json. A missing golden file fails; UPDATE_GOLDEN=1
 * writes it instead (review it by hand: it is the mapping of docs/gcp.md written down).
 */
export function assertGcpGolden(name: string, actual: unknown, masked: readonly string[] = []): void {
  assertGoldenFile('gcp', name, goldenShape(actual, masked));
}

/** Every value of a stored record: no undefined, null, "" or empty array/object, at any depth. */
export function assertNoEmptyValues(value: unknown, at = 'record'): void {
  if (value === undefined || value === null || value === '') assert.fail(`${at} is ${JSON.stringify(value)}`);
  if (Array.isArray(value)) {
    assert.ok(value.length > 0, `${at} is an empty array`);
    value.forEach((v, i) => assertNoEmptyValues(v, `${at}[${i}]`));
  } else if (typeof value === 'object' && !(value instanceof Date)) {
    const entries = Object.entries(value as Record<string, unknown>);
    assert.ok(entries.length > 0, `${at} is an empty object`);
    for (const [k, v] of entries) assertNoEmptyValues(v, `${at}.${k}`);
  }
}

export function readGcpFixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`../fixtures/gcp/${name}.json`, import.meta.url), 'utf8')) as Record<
    string,
    unknown
  >;
}
