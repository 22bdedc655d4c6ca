// core/changes.ts: what a freshly normalized record means against the stored document.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { classifyRecord, recordChecksum, type Classification, type StoredState } from '../../core/changes.js';
import type { NormalizedRecord } from '../../core/model.js';

/** The fields this (test) resource kind writes. */
const OWNED = [
  'name',
  'unique_id',
  'environment',
  'created_at',
  'ipv4_private',
  'ipv4_public',
  'storage',
  'tags',
  'status',
  'active',
  'datacenters',
] as const;

function server(overrides: Partial<NormalizedRecord> = {}): NormalizedRecord {
  return {
    name: 'Web-01',
    unique_id: 'i-0a1b2c3d4e5f60718',
    environment: 'Production',
    created_at: new Date('2024-03-14T09:26:53.000Z'),
    ipv4_private: '10.0.1.23',
    ipv4_public: '54.210.167.204',
    storage: [{ device_name: '/dev/xvda', unique_id: 'vol-0123456789abcdef0', delete_termination: true }],
    tags: [{ key: 'Name', value: 'web-01' }],
    status: 'Active',
    active: true,
    datacenters: {
      name: 'Production AWS',
      provider: 'AWS',
      region: 'us-east-1 (N. Virginia)',
      zone: 'us-east-1b',
    },
    ...overrides,
  };
}

/** The document as the store holds it after writing `record`: the record, bookkeeping, and user fields. */
function stored(record: NormalizedRecord, extra: Record<string, unknown> = {}): StoredState {
  return {
    _id: '6650a1b2c3d4e5f601234567',
    ...structuredClone(record),
    checksum: recordChecksum(record),
    owner: { refs: 'connections', name: 'Production AWS', _id: '65a1f0c2e4b0a1b2c3d4e5f6' },
    updated_at: new Date('2024-06-01T00:00:00Z'),
    ...extra,
  };
}

function changed(c: Classification): Exclude<Classification, { kind: 'unchanged' }> {
  assert.notEqual(c.kind, 'unchanged', 'expected a change');
  return c as Exclude<Classification, { kind: 'unchanged' }>;
}

void describe('recordChecksum', () => {
  // Pinned: stored documents carry the checksum of an earlier release; if the same record hashed
  // differently now, every stored resource would be recorded `updated` on the next crawl.
  void test('is the same as earlier releases stored for the same record', () => {
    assert.equal(recordChecksum(server()), 'd3a1a453eec8a81a15cfe657aa50f5cb0ebd6367');
  });

  void test('key order does not change it; a value change does', () => {
    const r = server();
    const reordered = Object.fromEntries(Object.entries(r).reverse()) as NormalizedRecord;
    assert.deepEqual(Object.keys(reordered), Object.keys(r).reverse());
    assert.equal(recordChecksum(reordered), recordChecksum(r));
    assert.notEqual(recordChecksum(server({ ipv4_public: '54.210.167.205' })), recordChecksum(r));
  });
});

void describe('classifyRecord', () => {
  void test('no stored document → created, with every field in the diff (sorted, `after` only)', () => {
    const r = server();
    const c = changed(classifyRecord(null, r, OWNED));
    assert.equal(c.kind, 'created');
    assert.equal(c.checksum, recordChecksum(r));
    assert.deepEqual(c.unset, []);
    assert.deepEqual(
      c.diff.map((d) => d.field),
      Object.keys(r).sort(),
    );
    for (const d of c.diff) {
      assert.deepEqual(d, { field: d.field, after: r[d.field] }, d.field);
      assert.equal('before' in d, false, `${d.field} has no before`);
    }
    assert.deepEqual(
      c.diff.find((d) => d.field === 'active'),
      { field: 'active', after: true },
    );
  });

  void test('same record as stored → unchanged, with the checksum', () => {
    const r = server();
    assert.deepEqual(classifyRecord(stored(r), r, OWNED), { kind: 'unchanged', checksum: recordChecksum(r) });
  });

  void test('a stored document without `active` counts as active', () => {
    const r = server();
    const doc = stored(r);
    delete doc.active;
    assert.deepEqual(classifyRecord(doc, r, OWNED), { kind: 'unchanged', checksum: recordChecksum(r) });
  });

  void test('same fields in another key order → unchanged (the checksum ignores key order)', () => {
    const r = server();
    const doc = stored(r);
    const reordered = Object.fromEntries(Object.entries(server()).reverse()) as NormalizedRecord;
    assert.deepEqual(classifyRecord(doc, reordered, OWNED), { kind: 'unchanged', checksum: doc.checksum });
  });

  void test('one changed field → updated, with exactly that field before/after', () => {
    const before = server();
    const after = server({ ipv4_public: '3.91.12.200' });
    const c = changed(classifyRecord(stored(before), after, OWNED));
    assert.equal(c.kind, 'updated');
    assert.equal(c.checksum, recordChecksum(after));
    assert.deepEqual(c.diff, [{ field: 'ipv4_public', before: '54.210.167.204', after: '3.91.12.200' }]);
    assert.deepEqual(c.unset, []);
  });

  void test('a nested change reports the whole top-level field', () => {
    const before = server();
    const storage = [
      { device_name: '/dev/xvda', unique_id: 'vol-0123456789abcdef0', delete_termination: false },
    ];
    const c = changed(classifyRecord(stored(before), server({ storage }), OWNED));
    assert.equal(c.kind, 'updated');
    assert.deepEqual(c.diff, [{ field: 'storage', before: before.storage, after: storage }]);
  });

  void test('a new field → updated, with `after` only', () => {
    const before = server();
    delete before.environment;
    const c = changed(classifyRecord(stored(before), server(), OWNED));
    assert.equal(c.kind, 'updated');
    assert.deepEqual(c.diff, [{ field: 'environment', after: 'Production' }]);
    assert.equal('before' in c.diff[0]!, false);
  });

  void test('active true → false → deactivated, with the changed fields', () => {
    const before = server();
    const after = server({ active: false });
    delete after.status;
    const c = changed(classifyRecord(stored(before), after, OWNED));
    assert.equal(c.kind, 'deactivated');
    assert.deepEqual(c.diff, [
      { field: 'active', before: true, after: false },
      { field: 'status', before: 'Active' },
    ]);
    assert.deepEqual(c.unset, ['status']);
  });

  void test('active false → true → reactivated (e.g. after a sweep set active:false without a new checksum)', () => {
    const r = server();
    const doc = stored(r, { active: false }); // swept: checksum still that of the active record
    const c = changed(classifyRecord(doc, r, OWNED));
    assert.equal(c.kind, 'reactivated');
    assert.equal(c.checksum, recordChecksum(r));
    assert.deepEqual(c.diff, [{ field: 'active', before: false, after: true }]);
    assert.deepEqual(c.unset, []);
  });

  void test('inactive and still inactive with the same checksum → unchanged', () => {
    const r = server({ active: false });
    assert.deepEqual(classifyRecord(stored(r), r, OWNED), { kind: 'unchanged', checksum: recordChecksum(r) });
  });

  void test('inactive and still inactive but changed → updated (neither deactivated nor reactivated)', () => {
    const before = server({ active: false });
    const after = server({ active: false, name: 'Web-01-old' });
    const c = changed(classifyRecord(stored(before), after, OWNED));
    assert.equal(c.kind, 'updated');
    assert.deepEqual(c.diff, [{ field: 'name', before: 'Web-01', after: 'Web-01-old' }]);
  });

  void test('an owned field no longer produced → unset, and in the diff with `before` only', () => {
    const before = server();
    const after = server();
    delete after.ipv4_public;
    delete after.tags;
    const c = changed(classifyRecord(stored(before), after, OWNED));
    assert.equal(c.kind, 'updated');
    assert.deepEqual(c.unset, ['ipv4_public', 'tags']);
    assert.deepEqual(c.diff, [
      { field: 'ipv4_public', before: '54.210.167.204' },
      { field: 'tags', before: [{ key: 'Name', value: 'web-01' }] },
    ]);
    for (const d of c.diff) assert.equal('after' in d, false, `${d.field} has no after`);
  });

  void test('an owned field stored as null and no longer produced is unset too', () => {
    const after = server();
    delete after.ipv4_public;
    const c = changed(classifyRecord(stored(server(), { ipv4_public: null }), after, OWNED));
    assert.deepEqual(c.unset, ['ipv4_public']);
    assert.deepEqual(c.diff, [{ field: 'ipv4_public', before: null }]);
  });

  void test('fields Discovery does not own (user edits, bookkeeping) are neither in the diff nor unset', () => {
    const before = server();
    const doc = stored(before, {
      description: 'edited by ops',
      cpu: 2,
      memory: 4,
      applications: [{ name: 'Shop' }],
    });
    const after = server({ ipv4_public: '3.91.12.200' });
    const c = changed(classifyRecord(doc, after, OWNED));
    assert.deepEqual(
      c.diff.map((d) => d.field),
      ['ipv4_public'],
    );
    assert.deepEqual(c.unset, []);
    for (const field of [
      'description',
      'cpu',
      'memory',
      'applications',
      '_id',
      'checksum',
      'owner',
      'updated_at',
    ]) {
      assert.ok(!c.diff.some((d) => d.field === field), `${field} not in diff`);
    }
  });

  void test('a user edit of a non-owned field alone does not make the record change', () => {
    const r = server();
    const doc = stored(r, { description: 'edited by ops' });
    assert.deepEqual(classifyRecord(doc, r, OWNED), { kind: 'unchanged', checksum: recordChecksum(r) });
  });

  void test('a stale checksum (e.g. a Maestro-written document) with equal fields gives an empty diff', () => {
    const r = server();
    const doc = stored(r, { checksum: 'ee3f0b5b2e0d4a7f9c0e3d2f1a6b5c4d3e2f1a0b' });
    const c = changed(classifyRecord(doc, r, OWNED));
    assert.equal(c.checksum, recordChecksum(r));
    assert.deepEqual(c.diff, []);
    assert.deepEqual(c.unset, []);
  });

  void test('Dates are compared by instant, not by object identity', () => {
    const r = server();
    const doc = stored(r, { checksum: undefined, created_at: new Date('2024-03-14T09:26:53.000Z') });
    const c = changed(
      classifyRecord(doc, server({ created_at: new Date(Date.parse('2024-03-14T09:26:53.000Z')) }), OWNED),
    );
    assert.deepEqual(c.diff, []);
  });

  void test('does not mutate the stored document or the record', () => {
    const r = server();
    const after = server({ ipv4_public: '3.91.12.200' });
    delete after.tags;
    const doc = stored(r);
    const [docCopy, afterCopy] = [structuredClone(doc), structuredClone(after)];
    classifyRecord(doc, after, OWNED);
    assert.deepEqual(doc, docCopy);
    assert.deepEqual(after, afterCopy);
  });
});
