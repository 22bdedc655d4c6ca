import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ObjectId } from 'mongodb';
import { LINKS, type NormalizedRecord } from '../../core/model.js';
import { withLinks } from '../../core/links.js';
import {
  activeUnless,
  allPages,
  applicationLinksFromTags,
  applicationRecord,
  capitalize,
  compact,
  linkOrFirst,
  nextPageNumber,
  pageNumber,
  tagList,
  toDate,
  TtlCache,
} from '../../providers/kit/index.js';

void describe('provider kit: records', () => {
  void test('compact: absent fields left out (false, 0, Dates, ids kept); nulls dropped at every level; provider structures kept', () => {
    const at = new Date(0);
    const id = new ObjectId('65a1f0c2e4b0a1b2c3d4e5f7');
    assert.deepEqual(
      compact({
        a: null,
        b: [null, 0, { c: undefined }],
        d: { e: '', f: false },
        g: at,
        h: id,
        i: [],
        j: '',
        k: {},
      }),
      { b: [0], d: { e: '', f: false }, g: at, h: id },
    );
    // Inside a value the provider's shape stays (an empty list a UI iterates), nulls never.
    assert.deepEqual(compact({ rule: { Ipv6Ranges: [], Port: 443, Desc: null } }), {
      rule: { Ipv6Ranges: [], Port: 443 },
    });
    assert.deepEqual(compact({ only: { gone: null } }), {});
    assert.deepEqual(compact({ deep: { a: { b: '' } } }, Infinity), {});
  });

  void test('applicationRecord: label constants, own: 1, compacted datacenters, id and active always set', () => {
    const r = applicationRecord(
      { provider: 'LB (Cloud)', family: 'Loadbalance' },
      'lb-1',
      false,
      { name: 'web', role: { ip: '10.0.0.1', rules: [], sticky: null }, description: '' },
      { name: 'dc', region: undefined },
    );
    assert.deepEqual(
      { ...r },
      {
        name: 'web',
        role: { ip: '10.0.0.1' },
        provider: 'LB (Cloud)',
        family: 'Loadbalance',
        own: 1,
        datacenters: { name: 'dc' },
        unique_id: 'lb-1',
        active: false,
      },
    );
  });

  void test('tags: dictionary → [{key, value}], scalars only; application links by tag, case-insensitive', () => {
    assert.deepEqual(tagList({ env: 'prod', n: 3, off: false, empty: '', obj: { a: 1 }, nul: null }), [
      { key: 'env', value: 'prod' },
      { key: 'n', value: '3' },
      { key: 'off', value: 'false' },
    ]);
    assert.deepEqual(applicationLinksFromTags({ Applications: 'web, api ,web', applications_id: 'x' }), {
      applicationNames: ['web', 'api'],
      applicationIds: ['x'],
    });
    assert.equal(applicationLinksFromTags({ other: 'x' }), undefined);
    const linked: NormalizedRecord = withLinks(
      { unique_id: 'a', active: true },
      applicationLinksFromTags({ applications: 'web' }),
    );
    assert.deepEqual(linked[LINKS], { applicationNames: ['web'], applicationIds: [] });
  });

  void test('capitalize, toDate, activeUnless', () => {
    assert.deepEqual(
      [capitalize('rUNNING'), capitalize(''), capitalize(undefined)],
      ['Running', undefined, undefined],
    );
    assert.equal(toDate('2026-01-02T03:04:05Z')?.toISOString(), '2026-01-02T03:04:05.000Z');
    assert.equal(toDate('not a date'), undefined);
    assert.deepEqual([activeUnless('Deleted', ['deleted']), activeUnless('up', ['deleted'])], [false, true]);
  });
});

void describe('provider kit: paging', () => {
  void test('allPages follows tokens, stops on a repeated token, and refuses an endless listing', async () => {
    const pages: Record<string, { values: number[]; next: string | undefined }> = {
      '': { values: [1, 2], next: 'a' },
      a: { values: [3], next: 'b' },
      b: { values: [4], next: undefined },
    };
    assert.deepEqual(
      await allPages((t) => Promise.resolve(pages[t ?? ''] ?? { values: [], next: undefined })),
      [1, 2, 3, 4],
    );
    assert.deepEqual(await allPages(() => Promise.resolve({ values: [1], next: 'same' })), [1, 1]);
    let n = 0;
    await assert.rejects(
      allPages(() => Promise.resolve({ values: [], next: String(n++) }), 5),
      /did not end after 5 pages/,
    );
  });

  void test('page numbers and next links as crawl tokens; a link to another origin is refused', () => {
    assert.deepEqual(
      [pageNumber(undefined), pageNumber('3'), nextPageNumber(3, true), nextPageNumber(3, false)],
      [1, 3, '4', undefined],
    );
    assert.throws(() => pageNumber('x'), /not a page number/);
    const first = 'https://api.example.test/v2/droplets?per_page=2';
    assert.equal(linkOrFirst(undefined, first), first);
    assert.equal(linkOrFirst('/v2/droplets?page=2', first), 'https://api.example.test/v2/droplets?page=2');
    assert.throws(() => linkOrFirst('https://evil.test/x', first), /leaves the provider's endpoint/);
  });

  void test('TtlCache: one load per key within the TTL, reloads after it, failures not kept', async () => {
    let now = 0;
    let loads = 0;
    const cache = new TtlCache<number>(1000, 10, () => now);
    const load = () => Promise.resolve(++loads);
    assert.equal(await cache.get('a', load), 1);
    assert.equal(await cache.get('a', load), 1);
    now = 1500;
    assert.equal(await cache.get('a', load), 2);
    await assert.rejects(cache.get('b', () => Promise.reject(new Error('boom'))));
    await Promise.resolve();
    assert.equal(await cache.get('b', load), 3);
  });
});
