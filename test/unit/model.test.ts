import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { addCounts, zeroCounts } from '../../core/model.js';

void describe('addCounts', () => {
  void test('adds counter by counter, negative corrections included', () => {
    const a = addCounts(zeroCounts(), { created: 12, pages: 2 });
    assert.deepEqual(addCounts(a, { created: -3, updated: 1, unchanged: 2 }), {
      ...zeroCounts(),
      pages: 2,
      created: 9,
      updated: 1,
      unchanged: 2,
    });
  });

  void test('keeps the other fields of a progress entry as they are', () => {
    const entry = { key: 'ec2.describeInstances@us-east-1', status: 'running', ...zeroCounts() };
    const out = addCounts(entry, { items: 5 });
    assert.equal(out.key, 'ec2.describeInstances@us-east-1');
    assert.equal(out.status, 'running');
    assert.equal(out.items, 5);
  });
});
