// core/canonical.ts: stable JSON (sorted keys, Dates as ISO, undefined dropped) and the checksums built on it.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { ObjectId } from 'mongodb';
import { canonicalJson, checksumOf, deepEqual, sha1 } from '../../core/canonical.js';

void describe('canonicalJson', () => {
  void test('sorts object keys at every depth', () => {
    assert.equal(
      canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: 3 } }),
      '{"a":{"c":3,"d":[{"y":2,"z":1}]},"b":1}',
    );
  });

  void test('keeps array order (arrays are ordered data)', () => {
    assert.equal(canonicalJson(['b', 'a']), '["b","a"]');
    assert.notEqual(canonicalJson(['b', 'a']), canonicalJson(['a', 'b']));
  });

  void test('writes Dates as ISO-8601 strings, also inside arrays and objects', () => {
    const d = new Date('2024-03-14T09:26:53.000Z');
    assert.equal(canonicalJson(d), '"2024-03-14T09:26:53.000Z"');
    assert.equal(canonicalJson({ at: [d] }), '{"at":["2024-03-14T09:26:53.000Z"]}');
  });

  void test('drops undefined object values but keeps null, false, 0 and ""', () => {
    assert.equal(
      canonicalJson({ a: undefined, b: null, c: false, d: 0, e: '' }),
      '{"b":null,"c":false,"d":0,"e":""}',
    );
  });

  void test('writes undefined array elements as null, like JSON.stringify', () => {
    assert.equal(canonicalJson([1, undefined, 2]), '[1,null,2]');
    assert.equal(canonicalJson([1, undefined, 2]), JSON.stringify([1, undefined, 2]));
  });

  void test('writes ObjectIds as their hex string', () => {
    const id = new ObjectId('65a1f0c2e4b0a1b2c3d4e5f7');
    assert.equal(canonicalJson({ _id: id }), '{"_id":"65a1f0c2e4b0a1b2c3d4e5f7"}');
  });

  void test('primitives are plain JSON', () => {
    assert.equal(canonicalJson('x'), '"x"');
    assert.equal(canonicalJson(42), '42');
    assert.equal(canonicalJson(null), 'null');
    assert.equal(canonicalJson(true), 'true');
  });

  void test('does not mutate its input', () => {
    const input = { b: 1, a: { d: 2, c: new Date(0) } };
    const before = structuredClone(input);
    canonicalJson(input);
    assert.deepEqual(input, before);
    assert.deepEqual(Object.keys(input), ['b', 'a']);
  });
});

void describe('sha1 / checksumOf', () => {
  void test('sha1 is the hex SHA-1 of the UTF-8 text', () => {
    assert.equal(sha1('abc'), 'a9993e364706816aba3e25717850c26c9cd0d89d');
    assert.equal(sha1(''), 'da39a3ee5e6b4b0d3255bfef95601890afd80709');
    assert.equal(sha1('São Paulo'), createHash('sha1').update('São Paulo', 'utf8').digest('hex'));
  });

  void test('checksumOf is sha1 of the canonical JSON', () => {
    const value = { unique_id: 'i-1', active: true, tags: [{ key: 'a', value: 'b' }] };
    assert.equal(
      checksumOf(value),
      sha1('{"active":true,"tags":[{"key":"a","value":"b"}],"unique_id":"i-1"}'),
    );
  });

  void test('key order does not change the checksum', () => {
    const a = { unique_id: 'i-1', name: 'Web', datacenters: { region: 'us-east-1', zone: 'us-east-1a' } };
    const b = { datacenters: { zone: 'us-east-1a', region: 'us-east-1' }, name: 'Web', unique_id: 'i-1' };
    assert.equal(checksumOf(a), checksumOf(b));
  });

  void test('an undefined field does not change the checksum; any real change does', () => {
    const base = { unique_id: 'i-1', active: true };
    assert.equal(checksumOf({ ...base, name: undefined }), checksumOf(base));
    assert.notEqual(checksumOf({ ...base, active: false }), checksumOf(base));
    assert.notEqual(checksumOf({ ...base, name: null }), checksumOf(base));
    assert.notEqual(checksumOf({ ...base, size: 1 }), checksumOf({ ...base, size: '1' }));
  });

  void test('a Date and the same instant in another Date object give the same checksum', () => {
    assert.equal(
      checksumOf({ at: new Date('2024-01-01T00:00:00Z') }),
      checksumOf({ at: new Date(1704067200000) }),
    );
  });
});

void describe('deepEqual', () => {
  void test('ignores key order, respects array order', () => {
    assert.equal(deepEqual({ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 }), true);
    assert.equal(deepEqual({ a: 1, b: [1, 2] }, { a: 1, b: [2, 1] }), false);
  });

  void test('distinguishes types and null from absent', () => {
    assert.equal(deepEqual(1, '1'), false);
    assert.equal(deepEqual({ a: null }, {}), false);
    assert.equal(deepEqual({ a: undefined }, {}), true);
    assert.equal(deepEqual(false, 0), false);
  });

  void test('a stored Date equals a fresh Date of the same instant (documented: also equals its ISO string)', () => {
    const iso = '2024-03-14T09:26:53.000Z';
    assert.equal(deepEqual(new Date(iso), new Date(iso)), true);
    assert.equal(deepEqual(new Date(iso), new Date('2024-03-14T09:26:54.000Z')), false);
    assert.equal(deepEqual(new Date(iso), iso), true);
  });

  void test('an ObjectId equals another ObjectId with the same hex', () => {
    const hex = '65a1f0c2e4b0a1b2c3d4e5f7';
    assert.equal(deepEqual({ _id: new ObjectId(hex) }, { _id: new ObjectId(hex) }), true);
    assert.equal(deepEqual({ _id: new ObjectId(hex) }, { _id: new ObjectId() }), false);
  });
});
