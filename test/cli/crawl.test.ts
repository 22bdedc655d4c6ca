import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { COLLECTIONS } from '../../store/collections.js';
import type { RunDoc } from '../../store/runs.js';
import { resetMoto, seedRegion } from '../harness/aws-seed.js';
import { runCli, transcript } from '../harness/cli.js';
import { seedMaestroAwsConnection } from '../harness/connections.js';
import { startCrawlEnv, testConfig, type CrawlEnv } from '../harness/crawl-env.js';
import { motoVolumes } from '../harness/inventory.js';

// `discovery crawl`, `status`, `runs` and `replay` as a user runs them: the real CLI in a child process,
// against the peers, with a worker on the test's task queue.
void describe('discovery crawl / status / runs / replay', () => {
  let env: CrawlEnv;
  let connectionId: string;
  let volumes: number;
  const workflowId = (): string => `crawl:${connectionId}:volumes-list`;

  before(async () => {
    // Small pages and batches: the crawl takes several batches, so there is progress to show.
    env = await startCrawlEnv(testConfig('cli-crawl', { MAESTRO_SCAN_QTD: '2', MAESTRO_TRANSLATE_QTD: '2' }));
    await resetMoto(env.config.providers.aws.endpoint);
    await seedRegion(env.config.providers.aws.endpoint, 'us-east-1', 2, 4);
    volumes = (await motoVolumes(env.config.providers.aws.endpoint, 'us-east-1')).length;
    connectionId = await seedMaestroAwsConnection(env.db, {
      regions: ['us-east-1 (N. Virginia)'],
      secretJwt: env.config.secretJwt,
    });
  });
  after(async () => {
    await env.stop();
  });

  void test('crawl --wait shows progress and a summary, and writes the inventory', async () => {
    const r = await runCli(['crawl', connectionId, '--task', 'volumes-list', '--wait'], env.config);
    assert.equal(r.code, 0, transcript(r));
    // Not a terminal: plain progress lines on stderr, the last one with the final counters.
    const progress = r.stderr.split('\n').filter((l) => l.startsWith('progress: '));
    assert.ok(progress.length >= 1, transcript(r));
    assert.match(
      progress.at(-1)!,
      new RegExp(`done  scopes 1/1  pages \\d+  items ${volumes}  created ${volumes}`),
    );
    assert.match(r.stdout, new RegExp(`^${workflowId()}  run \\S+  completed`, 'm'));
    assert.match(r.stdout, /ec2\.describeVolumes@us-east-1 +us-east-1 +completed/);
    assert.match(r.stdout, new RegExp(`total +completed +\\d+ +${volumes} +${volumes} +0 +0 +0`));
    const stored = await env.db
      .collection('volumes')
      .countDocuments({ connection_id: connectionId, active: true });
    assert.equal(stored, volumes);
  });

  void test('crawl --wait --json prints one JSON object (a second crawl: all unchanged)', async () => {
    const r = await runCli(['crawl', connectionId, '--task', 'volumes-list', '--wait', '--json'], env.config);
    assert.equal(r.code, 0, transcript(r));
    assert.doesNotMatch(r.stderr, /progress:/);
    const out = JSON.parse(r.stdout) as {
      status: string;
      crawls: Array<{
        workflowId: string;
        runId: string;
        status: string;
        totals: { unchanged: number; created: number };
      }>;
    };
    assert.equal(out.status, 'completed');
    assert.equal(out.crawls.length, 1);
    assert.equal(out.crawls[0]?.workflowId, workflowId());
    assert.equal(out.crawls[0]?.totals.unchanged, volumes);
    assert.equal(out.crawls[0]?.totals.created, 0);
    const run = await env.db
      .collection<RunDoc>(COLLECTIONS.runs)
      .findOne({ _id: out.crawls[0]?.runId ?? '' });
    assert.equal(run?.status, 'completed');
  });

  void test('on a terminal, --wait redraws one progress bar in place', async () => {
    const r = await runCli(['crawl', connectionId, '--task', 'volumes-list', '--wait'], env.config, {
      terminal: true,
    });
    assert.equal(r.code, 0, transcript(r));
    const frames = r.stdout.split('\r\x1b[2K').slice(1);
    assert.ok(frames.length >= 1, transcript(r));
    assert.match(
      frames.at(-1)!,
      new RegExp(
        `^\\[#{24}\\] scopes 1/1  pages \\d+  items ${volumes}  created 0  updated 0  unchanged ${volumes}  deactivated 0  \\d+\\.\\ds\\r?\\n`,
      ),
    );
    assert.doesNotMatch(r.stdout, /^progress: /m, 'no plain lines on a terminal');
  });

  void test('crawl without --wait returns once started; status follows it to the end', async () => {
    const r = await runCli(['crawl', connectionId, '--task', 'volumes-list'], env.config);
    assert.equal(r.code, 0, transcript(r));
    const m = new RegExp(`^(?:started|already running, attached to) ${workflowId()}  run (\\S+)$`, 'm').exec(
      r.stdout,
    );
    assert.ok(m, transcript(r));
    const s = await runCli(['status', workflowId(), '--wait'], env.config);
    assert.equal(s.code, 0, transcript(s));
    assert.match(s.stdout, new RegExp(`run ${m[1]}  completed`));
    const byRun = await runCli(['status', m[1] ?? '', '--json'], env.config);
    assert.equal(byRun.code, 0, transcript(byRun));
    const doc = JSON.parse(byRun.stdout) as {
      id: string;
      status: string;
      workflowId: string;
      scopes: unknown[];
    };
    assert.equal(doc.id, m[1]);
    assert.equal(doc.status, 'completed');
    assert.equal(doc.workflowId, workflowId());
    assert.equal(doc.scopes.length, 1);
  });

  void test('runs lists the ledger, newest first', async () => {
    const r = await runCli(['runs', connectionId, '--json'], env.config);
    assert.equal(r.code, 0, transcript(r));
    const runs = JSON.parse(r.stdout) as Array<{ id: string; task: string; status: string }>;
    const ledger = await env.db
      .collection<RunDoc>(COLLECTIONS.runs)
      .find({ connection_id: connectionId })
      .sort({ started_at: -1 })
      .toArray();
    assert.deepEqual(
      runs.map((x) => x.id),
      ledger.map((x) => x._id),
    );
    assert.equal(runs.length, 4, 'the four crawls so far');
    const table = await runCli(['runs', '--limit', '2'], env.config);
    assert.equal(table.code, 0, transcript(table));
    assert.equal(table.stdout.trim().split('\n').length, 4, 'header, rule and 2 runs');
  });

  void test('replay: the recorded history of a crawl and its partitions replays deterministically', async () => {
    const r = await runCli(['replay', workflowId(), '--children'], env.config);
    assert.equal(r.code, 0, transcript(r));
    assert.match(r.stdout, new RegExp(`^ok    ${workflowId()}  \\(\\d+ events replayed\\)`, 'm'));
    assert.match(r.stdout, new RegExp(`^ok    ${workflowId()}:ec2\\.describeVolumes@us-east-1:`, 'm'));
    assert.match(r.stdout, /2 histories of run \S+ replay deterministically/);
  });

  void test('bad input is named, with exit code 2; unknown ids exit 1', async () => {
    const cases: Array<[string[], number, RegExp]> = [
      [['crawl'], 2, /missing argument <connection>/],
      [['crawl', connectionId, '--task', 'nope'], 2, /--task: "nope" is not a task of provider aws/],
      [['crawl', connectionId, '--task'], 2, /option --task needs a value/],
      [['crawl', connectionId, '--wiat'], 2, /unknown option --wiat/],
      [['runs', '--limit', 'many'], 2, /option --limit must be an integer, got "many"/],
      [['crawl', '0123456789abcdef01234567'], 1, /connection 0123456789abcdef01234567 not found/],
      [['status', 'crawl:nope:nope'], 1, /crawl:nope:nope not found/],
      [['replay', 'crawl:nope:nope'], 1, /workflow crawl:nope:nope not found/],
    ];
    for (const [args, code, message] of cases) {
      const r = await runCli(args, env.config);
      assert.equal(r.code, code, `${args.join(' ')}\n${transcript(r)}`);
      assert.match(r.stderr, message, `${args.join(' ')}\n${transcript(r)}`);
    }
  });
});
