import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ObjectId } from 'mongodb';
import { COLLECTIONS } from '../../store/collections.js';
import { resetMoto, seedRegion } from '../harness/aws-seed.js';
import { runCli, transcript } from '../harness/cli.js';
import { startCrawlEnv, testConfig, type CrawlEnv } from '../harness/crawl-env.js';

const KEY = 'a1'.repeat(32);
const SECRET = 'cli-test-secret-value';

// `discovery connections add|list|rm`, then a crawl of the added connection (its encrypted credentials
// decoded by the worker), all through the real CLI.
void describe('discovery connections', () => {
  let env: CrawlEnv;
  let credsFile: string;
  let id: string;
  const tenant = new ObjectId().toHexString();

  before(async () => {
    env = await startCrawlEnv(testConfig('cli-conn', { DISCOVERY_ENCRYPTION_KEY: KEY }));
    await resetMoto(env.config.providers.aws.endpoint);
    await seedRegion(env.config.providers.aws.endpoint, 'eu-west-1', 0, 3);
    credsFile = join(mkdtempSync(join(tmpdir(), 'cli-conn-')), 'creds.json');
    writeFileSync(credsFile, JSON.stringify({ access: 'AKIDCLITEST', secret: SECRET }));
  });
  after(async () => {
    await env.stop();
  });

  const add = (...extra: string[]): string[] => [
    'connections',
    'add',
    '--provider',
    'aws',
    '--name',
    'CLI account',
    '--tenant',
    tenant,
    ...extra,
  ];

  void test('add stores the connection with encrypted credentials; list shows it; a crawl uses it', async () => {
    const r = await runCli(add('--region', 'eu-west-1', '--credentials-file', credsFile), env.config);
    assert.equal(r.code, 0, transcript(r));
    id = /^added connection ([0-9a-f]{24}) \(AWS, CLI account, regions /m.exec(r.stdout)?.[1] ?? '';
    assert.ok(id, transcript(r));
    const doc = await env.db.collection(COLLECTIONS.connections).findOne({ _id: new ObjectId(id) });
    assert.ok(doc?.credentials, 'credentials stored in the encrypted format');
    assert.equal(JSON.stringify(doc).includes(SECRET), false, 'no plain-text secret in the document');
    assert.equal(r.stdout.includes(SECRET), false);

    const list = await runCli(['connections', 'list', '--json'], env.config);
    assert.equal(list.code, 0, transcript(list));
    const views = JSON.parse(list.stdout) as Array<{
      id: string;
      format: string;
      tenantId: string;
      regions: string[];
    }>;
    const view = views.find((v) => v.id === id);
    assert.equal(view?.format, 'discovery');
    assert.equal(view?.tenantId, tenant);
    assert.equal(list.stdout.includes(SECRET), false);
    const table = await runCli(['connections', 'list', '--provider', 'aws'], env.config);
    assert.match(
      table.stdout,
      new RegExp(`^${id}  CLI account +aws +eu-west-1 +${tenant} +discovery +yes`, 'm'),
    );

    const crawl = await runCli(['crawl', id, '--task', 'volumes-list', '--wait'], env.config);
    assert.equal(crawl.code, 0, transcript(crawl));
    assert.match(crawl.stdout, /total +completed +\d+ +3 +3 /);
  });

  void test('bad input names the flag (exit 2)', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['connections', 'add', '--provider', 'aws'], /option --name is required/],
      [add('--credentials-file', credsFile), /option --region is required/],
      [add('--region', 'eu-west-1'), /exactly one of --credentials and --credentials-file/],
      [add('--region', 'eu-west-1', '--credentials', '{oops'), /--credentials: is not valid JSON/],
      [
        add('--region', 'eu-west-1', '--credentials', '{"access":"x"}'),
        /--credentials: credentials.secret: /,
      ],
      [
        add('--region', 'eu-west-1', '--credentials-file', '/no/such/file'),
        /--credentials-file: cannot read/,
      ],
      [add('--region', '', '--credentials-file', credsFile), /option --region must not be empty/],
      [
        [
          'connections',
          'add',
          '--provider',
          'nimbus',
          '--name',
          'x',
          '--tenant',
          tenant,
          '--region',
          'r1',
          '--credentials',
          '{}',
        ],
        /--provider: provider: unknown provider "nimbus"/,
      ],
      [['connections', 'frob'], /unknown subcommand "connections frob"/],
    ];
    for (const [args, message] of cases) {
      const r = await runCli(args, env.config);
      assert.equal(r.code, 2, `${args.join(' ')}\n${transcript(r)}`);
      assert.match(r.stderr, message, `${args.join(' ')}\n${transcript(r)}`);
    }
    const noKey = await runCli(add('--region', 'eu-west-1', '--credentials-file', credsFile), env.config, {
      env: { DISCOVERY_ENCRYPTION_KEY: '' },
    });
    assert.equal(noKey.code, 2, transcript(noKey));
    assert.match(noKey.stderr, /DISCOVERY_ENCRYPTION_KEY: is not set/);
  });

  void test('rm removes it; a second rm is "not found" (exit 1)', async () => {
    const r = await runCli(['connections', 'rm', id], env.config);
    assert.equal(r.code, 0, transcript(r));
    assert.equal(
      await env.db.collection(COLLECTIONS.connections).countDocuments({ _id: new ObjectId(id) }),
      0,
    );
    const again = await runCli(['connections', 'rm', id], env.config);
    assert.equal(again.code, 1, transcript(again));
    assert.match(again.stderr, new RegExp(`connection ${id} not found`));
  });
});
