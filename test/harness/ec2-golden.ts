// Golden-file comparison for the EC2 per-task tests: moto's ids, addresses and times are random, so
// records are put in seeding order, ids are replaced by stable placeholders (`<vpc-1>`, numbered by first
// appearance, so cross-references between fields stay checked) and volatile values are masked.
import assert from 'node:assert/strict';
import type { NormalizedRecord } from '../../core/model.js';
import { assertGolden } from './aws-kinds.js';

/** Fields whose values moto makes up per run (times, addresses, MACs): masked, the key kept. */
export const VOLATILE_FIELDS = [
  'created_at',
  'start_time',
  'expiration_time',
  'delete_time',
  'AttachTime',
  'ExpirationTime',
  'mac_address',
  'private_ip_address',
  'private_dns_name',
  'PrivateIpAddress',
  'PrivateDnsName',
  'PrivateIp',
  'PublicIp',
  'PublicDnsName',
] as const;

const AWS_ID = /\b([a-z][a-z0-9]*(?:-[a-z]+)*)-([0-9a-f]{8,17})\b/g;

/** The value with every AWS-style id (`vpc-0a1b…`) replaced by `<vpc-N>`, N by first appearance. */
export function canonicalIds(value: unknown): unknown {
  const seen = new Map<string, string>();
  const perPrefix = new Map<string, number>();
  const text = JSON.stringify(value).replace(AWS_ID, (id: string, prefix: string) => {
    let out = seen.get(id);
    if (!out) {
      const n = (perPrefix.get(prefix) ?? 0) + 1;
      perPrefix.set(prefix, n);
      out = `<${prefix}-${n}>`;
      seen.set(id, out);
    }
    return out;
  });
  return JSON.parse(text) as unknown;
}

/**
 * The records with the given unique ids, in that order (each must be there exactly once), compared with
 * test/fixtures/aws/golden/<name>.json after id canonicalization and masking.
 */
export function assertEc2Golden(
  name: string,
  records: NormalizedRecord[],
  ids: readonly string[],
  alsoMasked: readonly string[] = [],
): void {
  const picked = ids.map((id) => {
    const matches = records.filter((r) => r.unique_id === id);
    assert.equal(matches.length, 1, `${name}: ${id} listed ${matches.length} times`);
    return matches[0];
  });
  assertGolden(name, canonicalIds(picked), [...VOLATILE_FIELDS, ...alsoMasked]);
}

/** The unique ids of `records`, asserting none repeats (pages neither overlap nor repeat an item). */
export function uniqueIds(records: NormalizedRecord[]): Set<string> {
  const ids = new Set(records.map((r) => r.unique_id));
  assert.equal(ids.size, records.length, 'a resource was listed twice');
  return ids;
}

/** `actual` lists each resource once, and exactly the resources of `expected` (records or ids). */
export function assertSameResources(
  actual: NormalizedRecord[],
  expected: NormalizedRecord[] | readonly string[],
): void {
  const want = expected.map((e) => (typeof e === 'string' ? e : e.unique_id)).sort();
  assert.deepEqual([...uniqueIds(actual)].sort(), want);
}
