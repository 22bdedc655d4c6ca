// DigitalOcean and Spaces crawls through Temporal with the real worker, MongoDB server and peers: the
// fake pages for real, a deleted resource is deactivated exactly, a 429 is waited out, a refused scope
// or a failing Spaces region ends the run `partial` and deactivates nothing there.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startDoFake, type DoFake } from '../../tooling/fakes/digitalocean/fake.js';
import { s3Error, startSpacesEndpoints } from '../../tooling/fakes/digitalocean/spaces.js';
import type { FakeServer } from '../../tooling/fakes/kit.js';
import { resetMoto } from '../harness/aws-seed.js';
import { seedMaestroConnection } from '../harness/connections.js';
import { requirePeers } from '../harness/env.js';
import { startCrawlEnv, testConfig, type CrawlEnv } from '../harness/crawl-env.js';
import { ids, inventory, runDoc } from '../harness/inventory.js';
import { seedSpaces } from './do-harness.js';

const SPACES_KEYS = { access: 'DO00CRAWLKEY', secret: 'crawl-secret' };

void describe('DigitalOcean and Spaces crawls through Temporal', () => {
  let env: CrawlEnv;
  let fake: DoFake;
  let spaces: FakeServer;
  let doConn: string;

  before(async () => {
    fake = await startDoFake({ count: { droplets: 11, firewalls: 4, vpcs: 4, reserved_ips: 4 } });
    const moto = requirePeers().awsEndpoint;
    await resetMoto(moto);
    spaces = await startSpacesEndpoints({ moto, access: SPACES_KEYS.access });
    // The registered providers, their settings pointing at the fakes.
    env = await startCrawlEnv(
      testConfig('do-crawl', {
        MAESTRO_SCAN_QTD: '4',
        DIGITALOCEAN_API_URL: fake.url,
        SPACES_ENDPOINT: `${spaces.url}/{region}`,
      }),
    );
    doConn = await seedMaestroConnection(env.db, {
      provider: 'Digital Ocean',
      service: 'token_do',
      regions: ['all'],
      dc: 'DigitalOcean',
      secretJwt: env.config.secretJwt,
      credentials: { token: fake.token },
    });
  });
  after(async () => {
    await env?.stop();
    await fake?.close();
    await spaces?.close();
  });

  void test('server-list: three pages stored, a second crawl changes nothing, deleted droplets deactivated exactly', async () => {
    const first = await env.crawl(doConn, 'server-list');
    assert.equal(first.status, 'completed');
    const docs = await inventory(env.db, 'servers', doConn);
    assert.deepEqual(ids(docs), fake.table.droplets.map((d) => String(d.id)).sort());
    assert.equal((await runDoc(env.db, first.runId)).scopes[0]?.pages, 3);
    assert.ok(docs.every((d) => (d.datacenters as { provider?: string }).provider === 'Digital Ocean'));

    const second = await env.crawl(doConn, 'server-list');
    assert.equal(second.status, 'completed');
    assert.equal(second.totals.unchanged, 11, 'stable checksums: nothing rewritten');
    assert.equal(second.totals.updated + second.totals.created, 0);

    // Two droplets that were active (index 4 'active', 6 'new') disappear from the account.
    const gone = [4, 6].map((i) => String(fake.table.droplets[i]?.id));
    fake.table.droplets = fake.table.droplets.filter((d) => !gone.includes(String(d.id)));
    const third = await env.crawl(doConn, 'server-list');
    assert.equal(third.status, 'completed');
    assert.equal(third.totals.deactivated, 2);
    const after3 = await inventory(env.db, 'servers', doConn);
    // Exactly those two more are inactive; the off/archived ones were inactive by state already.
    const inactiveBefore = docs.filter((d) => !d.active).map((d) => d.unique_id);
    assert.deepEqual(
      after3
        .filter((d) => !d.active)
        .map((d) => d.unique_id)
        .sort(),
      [...inactiveBefore, ...gone].sort(),
    );
    for (const id of gone) assert.equal(after3.find((d) => d.unique_id === id)?.active, false, id);
  });

  void test('a 429 mid-listing is waited out until ratelimit-reset, and the crawl completes', async () => {
    fake.requests.length = 0;
    fake.failWith('volumes', 429, { resetInSeconds: 2 });
    const started = Date.now();
    const result = await env.crawl(doConn, 'volumes-list');
    assert.equal(result.status, 'completed');
    const log = fake.requests.filter((r) => r.route === 'volumes');
    const refused = log.findIndex((r) => r.status === 429);
    assert.ok(refused >= 0, 'the 429 was served');
    const retried = log[refused + 1];
    assert.ok(retried && retried.at - (log[refused]?.at ?? 0) >= 1000, 'the retry waited for the reset');
    assert.ok(Date.now() - started < 60_000);
    assert.equal((await inventory(env.db, 'volumes', doConn)).length, 7);
  });

  void test('network-list with the firewalls refused (403): partial, firewalls untouched, VPCs and IPs completed', async () => {
    assert.equal((await env.crawl(doConn, 'network-list')).status, 'completed');
    const removed = String(fake.table.firewalls.splice(0, 1)[0]?.id);
    const removedVpc = String(fake.table.vpcs.splice(0, 1)[0]?.id);
    fake.failWith('firewalls', 403, { times: 10 });
    try {
      const result = await env.crawl(doConn, 'network-list');
      assert.equal(result.status, 'partial');
      const run = await runDoc(env.db, result.runId);
      const byKey = Object.fromEntries(run.scopes.map((s) => [s.key, s]));
      assert.equal(byKey['firewalls.list@global']?.status, 'unauthorized');
      assert.equal(byKey['vpcs.list@global']?.status, 'completed');
      assert.equal(byKey['reserved_ips.list@global']?.status, 'completed');
      const nets = await inventory(env.db, 'networks', doConn);
      assert.equal(
        nets.find((d) => d.unique_id === removed)?.active,
        true,
        'refused scope: nothing deactivated',
      );
      assert.equal(nets.find((d) => d.unique_id === removedVpc)?.active, false, 'completed scope swept');
    } finally {
      fake.clearFaults();
    }
  });

  void test('Spaces: two regions, one failing — partial, nothing deactivated in the failing region', async () => {
    await seedSpaces(requirePeers().awsEndpoint, 'nyc3', ['c-nyc3-a', 'c-nyc3-b', 'c-nyc3-c']);
    await seedSpaces(requirePeers().awsEndpoint, 'ams3', ['c-ams3-a', 'c-ams3-b']);
    const conn = await seedMaestroConnection(env.db, {
      provider: 'Spaces',
      service: 'spaces_do',
      regions: ['nyc3 (New York 3)', 'ams3 (Amsterdam 3)'],
      dc: 'DigitalOcean',
      secretJwt: env.config.secretJwt,
      credentials: SPACES_KEYS,
    });
    const first = await env.crawl(conn, 'storage-object-list');
    assert.equal(first.status, 'completed');
    assert.deepEqual(ids(await inventory(env.db, 'applications', conn)), [
      'c-ams3-a',
      'c-ams3-b',
      'c-nyc3-a',
      'c-nyc3-b',
      'c-nyc3-c',
    ]);
    // Both regions lose a bucket from the listing; ams3's endpoint fails.
    const s3 = await import('@aws-sdk/client-s3');
    for (const [region, Bucket] of [
      ['nyc3', 'c-nyc3-c'],
      ['ams3', 'c-ams3-b'],
    ] as const) {
      const client = new s3.S3Client({
        endpoint: requirePeers().awsEndpoint,
        forcePathStyle: true,
        region,
        credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
      });
      await client.send(new s3.DeleteBucketCommand({ Bucket }));
      client.destroy();
    }
    spaces.inject({
      match: /^\/ams3/,
      status: 500,
      body: s3Error('InternalError', 'We encountered an internal error.'),
      headers: { 'content-type': 'application/xml' },
    });
    try {
      const result = await env.crawl(conn, 'storage-object-list');
      assert.equal(result.status, 'partial');
      const docs = await inventory(env.db, 'applications', conn);
      assert.equal(docs.find((d) => d.unique_id === 'c-nyc3-c')?.active, false, 'completed region swept');
      assert.equal(docs.find((d) => d.unique_id === 'c-ams3-b')?.active, true, 'failed region untouched');
    } finally {
      spaces.clearFaults();
    }
  });
});
