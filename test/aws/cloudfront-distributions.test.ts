// cdns-list over the wire: CloudFront web distributions in moto, and RTMP (streaming) distributions
// from recorded responses (moto lacks ListStreamingDistributions), both global kinds (spec §6.5).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startRecordedAws, type RecordedAws } from '../harness/aws-recorded.js';
import { resetMoto } from '../harness/aws-seed.js';
import { seedCloudFront } from '../harness/aws-seed-services.js';
import { assertGoldenRecords, assertPaged, crawl, taskCommands } from '../harness/aws-service-checks.js';
import { requirePeers } from '../harness/env.js';

const { awsEndpoint: endpoint } = requirePeers();

void describe('cdns-list', () => {
  let recorded: RecordedAws;
  before(async () => {
    await resetMoto(endpoint);
    recorded = await startRecordedAws(endpoint);
  });
  after(() => recorded.close());

  void test('the task lists web then streaming distributions, once per connection (global)', () => {
    assert.deepEqual(
      taskCommands('cdns-list').map((c) => [c.command, c.global]),
      [
        ['cloudfront.listDistributions', true],
        ['cloudfront.listStreamingDistributions', true],
      ],
    );
  });

  void test('web: three distributions in pages of 2 (Marker/NextMarker) → applications by id, golden', async () => {
    const ids = await seedCloudFront(endpoint, 'cdn', 3);
    const got = await crawl({
      endpoint,
      command: 'cloudfront.listDistributions',
      region: 'global',
      pageSize: 2,
    });
    assertPaged(got, 2, ids);
    assert.ok(got.records.every((r) => r.type === 'Web' && r.state === true));
    const byOrigin = [...got.records].sort((a, b) =>
      JSON.stringify(a.origins).localeCompare(JSON.stringify(b.origins)),
    );
    // Ids and domain names are random: stable placeholders by origin order, not masks, so the golden
    // file still shows that `name` is the domain and `unique_id` the id.
    const stable = Object.fromEntries(
      byOrigin.flatMap((r, i) => [
        [r.unique_id, `DISTRIBUTION${i + 1}`],
        [String(r.name), `d${i + 1}.cloudfront.net`],
      ]),
    );
    assertGoldenRecords('cloudfront-distributions', byOrigin, [], stable);
  });

  void test('streaming (recorded): two pages → three RTMP applications, golden', async () => {
    const got = await crawl({
      endpoint: recorded.endpoint,
      command: 'cloudfront.listStreamingDistributions',
      region: 'global',
      pageSize: 2,
    });
    assertPaged(got, 2, ['E1U5RQF7EXAMPLE', 'E3KNVS3EXAMPLE', 'EDFDVBD6EXAMPLE']);
    assert.deepEqual(recorded.served, [
      'cloudfront:ListStreamingDistributions',
      'cloudfront:ListStreamingDistributions',
    ]);
    assertGoldenRecords('cloudfront-streaming-distributions', got.sorted, []);
  });

  void test('the recorded server forwards everything else to moto', async () => {
    const before = recorded.forwarded;
    const got = await crawl({
      endpoint: recorded.endpoint,
      command: 'cloudfront.listDistributions',
      region: 'global',
      pageSize: 100,
    });
    assert.equal(got.records.length, 3);
    assert.equal(recorded.forwarded, before + 1);
  });
});
