// search-list over the wire, from recorded DescribeDomains responses (moto has no CloudSearch):
// domains → applications (spec §6.5), without the original's crash on `created_at` (§12.5).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startRecordedAws, type RecordedAws } from '../harness/aws-recorded.js';
import { assertGoldenRecords, crawl, taskCommands } from '../harness/aws-service-checks.js';
import { requirePeers } from '../harness/env.js';

const { awsEndpoint: endpoint } = requirePeers();

void describe('search-list', () => {
  let recorded: RecordedAws;
  before(async () => {
    recorded = await startRecordedAws(endpoint);
  });
  after(() => recorded.close());

  void test('the task runs DescribeDomains per region', () => {
    assert.deepEqual(
      taskCommands('search-list').map((c) => [c.command, c.global]),
      [['cloudsearch.describeDomains', false]],
    );
  });

  void test('three domains → three applications keyed by ARN; a deleted one is inactive; golden', async () => {
    const got = await crawl({
      endpoint: recorded.endpoint,
      command: 'cloudsearch.describeDomains',
      region: 'us-east-1 (N. Virginia)',
      pageSize: 100,
    });
    assert.deepEqual(recorded.served, ['cloudsearch:DescribeDomains']);
    assert.equal(got.pages, 1);
    assert.deepEqual(got.ids, [
      'arn:aws:cloudsearch:us-east-1:123456789012:domain/archive',
      'arn:aws:cloudsearch:us-east-1:123456789012:domain/books',
      'arn:aws:cloudsearch:us-east-1:123456789012:domain/movies',
    ]);
    assert.deepEqual(
      got.sorted.map((r) => [r.name, r.active]),
      [
        ['archive', false],
        ['books', true],
        ['movies', true],
      ],
    );
    assertGoldenRecords('cloudsearch-domains', got.sorted, []);
  });
});
