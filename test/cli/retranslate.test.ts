import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { COLLECTIONS } from '../../store/collections.js';
import type { ChangeDoc } from '../../store/changes.js';
import type { RunDoc } from '../../store/runs.js';
import { deleteVolumes, resetMoto, seedRegion } from '../harness/aws-seed.js';
import { runCli, transcript } from '../harness/cli.js';
import { seedMaestroAwsConnection } from '../harness/connections.js';
import { startCrawlEnv, testConfig, type CrawlEnv } from '../harness/crawl-env.js';

// `discovery retranslate <run>`: the stored raw pages translated and inserted again, as a new run,
// without calling the provider; refused after a later crawl (unless --force) and once the pages expired.
void describe('discovery retranslate', () => {
  let env: CrawlEnv;
  let connectionId: string;
  let firstRun: string;
  let volumeIds: string[];

  const runs = () => env.db.collection<RunDoc>(COLLECTIONS.runs);
  const volumes = () => env.db.collection<{ unique_id: string; size: number; active: boolean }>('volumes');

  before(async () => {
    env = await startCrawlEnv(
      testConfig('cli-retranslate', { MAESTRO_SCAN_QTD: '2', MAESTRO_TRANSLATE_QTD: '2' }),
    );
    await resetMoto(env.config.providers.aws.endpoint);
    volumeIds = (await seedRegion(env.config.providers.aws.endpoint, 'us-east-1', 0, 5)).volumeIds;
    connectionId = await seedMaestroAwsConnection(env.db, {
      regions: ['us-east-1 (N. Virginia)'],
      secretJwt: env.config.secretJwt,
    });
    const result = await env.crawl(connectionId, 'volumes-list');
    assert.equal(result.status, 'completed');
    assert.equal(result.totals.created, 5);
    firstRun = result.runId;
  });
  after(async () => {
    await env.stop();
  });

  void test('re-translates the stored pages as a new run, with no provider call and no sweep', async () => {
    // What a normalizer bug would have stored (its checksum too), and an account that changed since
    // (which a re-translation does not look at).
    const tampered = volumeIds[0]!;
    await volumes().updateOne(
      { connection_id: connectionId, unique_id: tampered },
      { $set: { size: 999, checksum: 'from-the-buggy-normalizer' } },
    );
    await deleteVolumes(env.config.providers.aws.endpoint, 'us-east-1', volumeIds.slice(1, 3));

    const r = await runCli(['retranslate', firstRun], env.config);
    assert.equal(r.code, 0, transcript(r));
    assert.match(
      r.stderr,
      /^progress: done {2}scopes 1\/1 {2}pages \d+ {2}items 5 {2}created 0 {2}updated 1 {2}unchanged 4 {2}deactivated 0$/m,
    );
    assert.match(r.stdout, new RegExp(`run (\\S+)  completed  \\(re-translated from run ${firstRun}\\)`));
    const runId = /run (\S+) {2}completed/.exec(r.stdout)?.[1];
    const run = await runs().findOne({ _id: runId ?? '' });
    assert.equal(run?.kind, 'retranslate');
    assert.equal(run?.source_run, firstRun);
    assert.equal(run?.status, 'completed');
    assert.equal(run?.workflow_id, `crawl:${connectionId}:volumes-list`);
    assert.deepEqual(
      {
        updated: run?.totals?.updated,
        unchanged: run?.totals?.unchanged,
        deactivated: run?.totals?.deactivated,
      },
      { updated: 1, unchanged: 4, deactivated: 0 },
    );
    const fixed = await volumes().findOne({ connection_id: connectionId, unique_id: tampered });
    assert.notEqual(fixed?.size, 999);
    const change = await env.db
      .collection<ChangeDoc>(COLLECTIONS.changes)
      .findOne({ run_id: runId ?? '', unique_id: tampered });
    assert.equal(change?.kind, 'updated');
    // The two volumes deleted in moto are still active: the pages are the run's, not the account's.
    assert.equal(await volumes().countDocuments({ connection_id: connectionId, active: true }), 5);

    const replay = await runCli(
      ['replay', `crawl:${connectionId}:volumes-list`, '--run-id', runId ?? ''],
      env.config,
    );
    assert.equal(replay.code, 0, transcript(replay));
    assert.match(replay.stdout, /^ok {4}crawl:\S+:volumes-list {2}\(\d+ events replayed\)/m);
  });

  void test('refuses after a later crawl unless --force, and once the raw pages have expired', async () => {
    const later = await env.crawl(connectionId, 'volumes-list');
    assert.equal(later.status, 'completed');
    const refused = await runCli(['retranslate', firstRun], env.config);
    assert.equal(refused.code, 1, transcript(refused));
    assert.match(
      refused.stderr,
      new RegExp(`a later crawl of the same connection and task exists \\(run ${later.runId}`),
    );
    const forced = await runCli(['retranslate', firstRun, '--force', '--json'], env.config);
    assert.equal(forced.code, 0, transcript(forced));
    const out = JSON.parse(forced.stdout) as {
      sourceRunId: string;
      status: string;
      totals: { items: number };
    };
    assert.deepEqual([out.sourceRunId, out.status, out.totals.items], [firstRun, 'completed', 5]);

    // As the staging purge leaves it after DISCOVERY_STAGING_TTL_SECONDS.
    await env.db.collection(COLLECTIONS.staging).deleteMany({ run_id: later.runId });
    const expired = await runCli(['retranslate', later.runId], env.config);
    assert.equal(expired.code, 1, transcript(expired));
    assert.match(
      expired.stderr,
      new RegExp(
        `raw pages of run ${later.runId} are no longer in staging: .*DISCOVERY_STAGING_TTL_SECONDS \\(604800 s`,
      ),
    );

    const unknown = await runCli(['retranslate', 'no-such-run'], env.config);
    assert.equal(unknown.code, 1, transcript(unknown));
    assert.match(unknown.stderr, /run no-such-run not found/);
  });

  void test('a trigger during a re-translation is queued: a crawl runs after it, under the same workflow id', async () => {
    const retranslation = await env.client.startRetranslate({
      sourceRunId: firstRun,
      force: true,
      connectionId,
      task: 'volumes-list',
    });
    assert.equal(retranslation.started, true);
    // Before, a re-translation had no trigger handler: the update failed, the call said 'attached'
    // and no crawl ever ran for it.
    const outcomes = [
      (await env.client.start({ connectionId, task: 'volumes-list' })).trigger,
      (await env.client.start({ connectionId, task: 'volumes-list' })).trigger,
    ];
    assert.deepEqual(outcomes, ['queued', 'attached']);
    // result() follows the continue-as-new: the crawl's result.
    const crawled = (await env.client.handle(retranslation.workflowId).result()) as {
      runId: string;
      status: string;
    };
    assert.equal(crawled.status, 'completed');
    const [retranslated] = await runs()
      .find({ workflow_id: retranslation.workflowId, kind: 'retranslate' })
      .sort({ started_at: -1 })
      .limit(1)
      .toArray();
    const crawl = await runs().findOne({ _id: crawled.runId });
    assert.equal(retranslated?.kind, 'retranslate');
    assert.notEqual(crawl?.kind, 'retranslate');
    assert.ok(crawl && retranslated?.finished_at && crawl.started_at >= retranslated.finished_at);
  });
});
