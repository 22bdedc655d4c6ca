// core/regions.ts: Maestro region labels → provider region codes (spec §3.2).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { regionCode } from '../../core/regions.js';

// [label as stored on a Maestro connection, region code]
const LABELS: ReadonlyArray<readonly [string, string]> = [
  ['us-east-1 (N. Virginia)', 'us-east-1'],
  ['us-east-2 (Ohio)', 'us-east-2'],
  ['us-west-1 (N. California)', 'us-west-1'],
  ['sa-east-1 (São Paulo)', 'sa-east-1'],
  ['ap-northeast-1 (Tokyo)', 'ap-northeast-1'],
  ['eu-central-1 (Frankfurt)', 'eu-central-1'],
  ['ca-central-1 (Canada Central)', 'ca-central-1'],
  ['us-east-1', 'us-east-1'],
  ['all', 'all'],
];

void describe('regionCode', () => {
  for (const [label, code] of LABELS) {
    void test(`${JSON.stringify(label)} → ${code}`, () => {
      assert.equal(regionCode(label), code);
    });
  }

  void test('ignores surrounding and repeated whitespace', () => {
    assert.equal(regionCode('  eu-west-1   (Ireland) '), 'eu-west-1');
    assert.equal(regionCode('\tap-south-1\t(Mumbai)'), 'ap-south-1');
  });

  void test('an empty or blank label gives ""', () => {
    assert.equal(regionCode(''), '');
    assert.equal(regionCode('   '), '');
  });
});
