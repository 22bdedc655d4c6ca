// core/merge.ts: the original's merge (spec §7.3), its six unit vectors, the §12.6 fixes and the
// deliberate differences (docs/maestro.md).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { mergeField, mergeStorage, mergeTopLevel, union } from '../../core/merge.js';
import {
  legacyClassicElbIds,
  legacyCloudSearchIds,
  legacyElastiCacheIds,
  legacyElbv2Ids,
  legacyRdsIds,
  legacySesIds,
  legacySqsIds,
} from '../../providers/aws/legacy-ids.js';

void describe('spec §7.3 unit vectors', () => {
  void test("dict {a:'teste'} + {a:'teste2'} → {a:'teste2'}", () => {
    assert.deepEqual(mergeField('dict', { a: 'teste' }, { a: 'teste2' }), { a: 'teste2' });
  });
  void test('list [{a}] + [{a2}] (key myket) → both elements', () => {
    assert.deepEqual(mergeField('myket', [{ a: 'teste' }], [{ a: 'teste2' }]), [
      { a: 'teste' },
      { a: 'teste2' },
    ]);
  });
  void test("storage [{a:'teste'}] + [{a:'teste2'}] → [{a:'teste2'}]", () => {
    assert.deepEqual(mergeField('storage', [{ a: 'teste' }], [{ a: 'teste2' }]), [{ a: 'teste2' }]);
  });
  void test('storage: incoming order, merged over the stored item of the same unique_id, others dropped', () => {
    assert.deepEqual(
      mergeStorage(
        [
          { name: 'name1', spec: 'spec1', unique_id: 'a' },
          { name: 'name1', spec: 'spec1', unique_id: 'b' },
        ],
        [{ name: 'name2', unique_id: 'a' }],
      ),
      [{ name: 'name2', spec: 'spec1', unique_id: 'a' }],
    );
  });
  void test("union(['teste'], ['test2']) → both", () => {
    assert.deepEqual(union(['teste'], ['test2']), ['teste', 'test2']);
  });
  void test('empty lists → empty list', () => {
    assert.deepEqual(mergeField('tags', [], []), []);
    assert.deepEqual(mergeField('storage', [], []), []);
  });
});

void describe('merge of a record into a stored document', () => {
  void test('§12.6 fix: a new storage item of a changed server is kept, not null', () => {
    assert.deepEqual(
      mergeField('storage', [{ unique_id: 'a', size: 8 }], [{ unique_id: 'a' }, { unique_id: 'b', size: 4 }]),
      [
        { unique_id: 'a', size: 8 },
        { unique_id: 'b', size: 4 },
      ],
    );
  });
  void test('applications, auth accumulate; same unique_id is one element', () => {
    assert.deepEqual(
      mergeField(
        'applications',
        [{ _id: 1, unique_id: 'x', name: 'old' }, { name: 'user' }],
        [{ unique_id: 'x', name: 'new' }],
      ),
      [{ _id: 1, unique_id: 'x', name: 'old' }, { name: 'user' }],
    );
  });
  void test('tags: a user tag survives; a changed tag value replaces the stored one (deliberate)', () => {
    assert.deepEqual(
      mergeField(
        'tags',
        [
          { key: 'team', value: 'payments' },
          { key: 'Name', value: 'old' },
        ],
        [{ key: 'Name', value: 'new' }],
      ),
      [
        { key: 'team', value: 'payments' },
        { key: 'Name', value: 'new' },
      ],
    );
  });
  void test('dicts: deep merge, empty incoming entries dropped, false and 0 written (§12.6 fix)', () => {
    assert.deepEqual(
      mergeField(
        'role',
        { a: 1, keep: 'user', flag: true, n: 3 },
        { a: 2, keep: '', flag: false, n: 0, gone: null },
      ),
      { a: 2, keep: 'user', flag: false, n: 0 },
    );
  });
  void test('fields the record does not carry are not part of the merge (they survive)', () => {
    const merged = mergeTopLevel({ description: 'user', name: 'a' }, { name: 'b' });
    assert.deepEqual(merged, { name: 'b' });
  });
  void test('scalars: incoming wins; an empty incoming array keeps the stored one', () => {
    assert.equal(mergeField('name', 'a', 'b'), 'b');
    assert.deepEqual(mergeField('tags', [{ key: 'k', value: 'v' }], []), [{ key: 'k', value: 'v' }]);
  });
});

void describe("the original's unique_ids of the re-keyed AWS kinds (docs/aws.md)", () => {
  const rec = (unique_id: string, extra: Record<string, unknown> = {}) => ({
    unique_id,
    active: true,
    ...extra,
  });
  void test('classic ELB, ELBv2, RDS: the name', () => {
    assert.deepEqual(legacyClassicElbIds(rec('elb:eu-west-3:web')), ['web']);
    assert.deepEqual(legacyElbv2Ids(rec('arn:aws:elasticloadbalancing:x', { name: 'api' })), ['api']);
    assert.deepEqual(legacyRdsIds(rec('arn:aws:rds:eu-west-3:1:db:main', { name: 'main' })), ['main']);
  });
  void test('ElastiCache, CloudSearch, SQS, SES', () => {
    assert.deepEqual(legacyElastiCacheIds(rec('arn:aws:elasticache:eu-west-3:123:cluster:redis-1')), [
      'redis-1',
    ]);
    assert.deepEqual(
      legacyCloudSearchIds(
        rec('arn:aws:cloudsearch:eu-west-3:123:domain/d', { role: { domain_id: '123/d' } }),
      ),
      ['123/d'],
    );
    assert.deepEqual(legacySqsIds(rec('123456789012_sqs_eu-west-3')), ['123456789012']);
    assert.deepEqual(legacySesIds(rec('64f0c0ffee_ses_eu-west-3')), ['64f0c0ffee_ses']);
  });
});
