// `npm run demo -- --source files`: the file sources crawled end to end with no cloud at all. A bundled
// sample (scripts/demo-data/files/: a Terraform state and three Ansible fact files made for the project)
// is served by a local stand-in for server-app's upload route (tooling/fakes/files/upload.ts), as if a
// user had uploaded them in Maestro; two connections (Terraform, Ansible) are crawled, the sample is
// changed (an instance and its volumes leave the state, a host's facts change), and crawled again.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { loadConfig, type Config } from '../config/index.js';
import { COLLECTIONS } from '../store/collections.js';
import type { RunDoc } from '../store/runs.js';
import { CrawlClient } from '../temporal/crawl-client.js';
import { seedMaestroConnection } from '../test/harness/connections.js';
import { startUploadFake } from '../tooling/fakes/files/upload.js';
import { createWorker } from '../worker/create-worker.js';

const SAMPLE = join(import.meta.dirname, 'demo-data', 'files');

export interface FilesDemoDeps {
  /** The demo's configuration and the environment it was loaded from. */
  config: Config;
  env: Record<string, string>;
  bundle: Promise<WorkflowBundleWithSourceMap>;
  out: (line?: string) => void;
  step: (title: string) => void;
  /** Registers a cleanup (run last first). */
  onCleanup: (fn: () => Promise<void>) => void;
}

interface Crawl {
  round: number;
  source: string;
  task: string;
  run?: RunDoc;
  error?: string;
}

/** Runs the files demo; true when every crawl completed. */
export async function runFilesDemo(d: FilesDemoDeps): Promise<boolean> {
  const { out, step } = d;
  const secrets = d.config;
  step('Serving the bundled sample as uploaded files (a local stand-in for server-app)');
  const files: Record<string, string> = {
    'terraform.tfstate': await readFile(join(SAMPLE, 'terraform.tfstate'), 'utf8'),
  };
  const facts = (await readdir(join(SAMPLE, 'ansible'))).filter((f) => f.endsWith('.json')).sort();
  for (const f of facts) files[f] = await readFile(join(SAMPLE, 'ansible', f), 'utf8');
  const upload = await startUploadFake({ secret: secrets.secretJwtPrivate, noauth: secrets.noauth, files });
  d.onCleanup(() => upload.close());
  for (const name of Object.keys(files)) out(`  ${upload.url}/users/upload/file?filename=${name}`);

  // The worker's configuration with server-app at the stand-in (MAESTRO_SERVER_URI).
  const config = loadConfig({ ...d.env, MAESTRO_SERVER_URI: upload.url });
  const worker = await createWorker({
    config,
    bundle: await d.bundle,
    log: (level, msg, fields) => {
      if (level === 'warn' || level === 'error') console[level](`[${level}] ${msg}`, fields ?? '');
    },
  });
  const running = worker.run();
  d.onCleanup(async () => {
    worker.shutdown();
    await running;
  });
  const db = worker.store.db;
  const seed = (provider: string, service: string, artifacts: string[]) =>
    seedMaestroConnection(db, {
      provider,
      service,
      credentials: { artifacts },
      regions: ['all'],
      secretJwt: config.secretJwt,
      dc: 'On-premises',
    });
  const sources = {
    terraform: {
      id: await seed('Terraform', 'upload_terraform', ['terraform.tfstate']),
      tasks: ['server-list', 'volumes-list', 'storage-list'],
    },
    ansible: { id: await seed('Ansible', 'upload_ansible', facts), tasks: ['server-list', 'volumes-list'] },
  };
  out(
    `  connections: terraform ${sources.terraform.id} (upload_terraform), ansible ${sources.ansible.id} (upload_ansible)`,
  );
  const client = await CrawlClient.connect(config);
  d.onCleanup(() => client.close());

  const crawls: Crawl[] = [];
  const round = async (n: number): Promise<void> => {
    for (const [source, s] of Object.entries(sources)) {
      for (const task of s.tasks) {
        try {
          const started = await client.start({ connectionId: s.id, task });
          const result = await client.result(started.workflowId);
          const run =
            (await db.collection<RunDoc>(COLLECTIONS.runs).findOne({ _id: result.runId })) ?? undefined;
          crawls.push({ round: n, source, task, ...(run ? { run } : {}) });
        } catch (err) {
          crawls.push({ round: n, source, task, error: err instanceof Error ? err.message : String(err) });
        }
      }
    }
  };

  step('Crawl 1: terraform server-list, volumes-list, storage-list; ansible server-list, volumes-list');
  await round(1);

  step(
    'Changing the sample: the worker instance leaves the state, demo-app-02 is retired (its facts file removed)',
  );
  const state = JSON.parse(files['terraform.tfstate'] as string) as { resources: Array<{ name: string }> };
  state.resources = state.resources.filter((r) => r.name !== 'worker');
  upload.files.set('terraform.tfstate', JSON.stringify(state));
  // A host's facts uploaded again after a disk grew and memory was added.
  const db01 = files['demo-db-01.json'] as string;
  upload.files.set(
    'demo-db-01.json',
    db01
      .replace('"size": "200.00 GB"', '"size": "400.00 GB"')
      .replace('"ansible_memtotal_mb": 8000', '"ansible_memtotal_mb": 16000'),
  );
  out('  (demo-db-01 re-uploaded: its data disk grew to 400 GB, memory doubled)');

  step('Crawl 2: the same tasks again');
  await round(2);

  step('Summary (from the run ledger, discovery_runs)');
  const header = [
    'crawl',
    'source',
    'task',
    'status',
    'pages',
    'items',
    'created',
    'updated',
    'unchanged',
    'deactivated',
  ];
  const rows = crawls.map((c) =>
    c.run
      ? [
          String(c.round),
          c.source,
          c.task,
          c.run.status,
          ...(['pages', 'items', 'created', 'updated', 'unchanged', 'deactivated'] as const).map((k) =>
            String(c.run?.totals?.[k] ?? 0),
          ),
        ]
      : [String(c.round), c.source, c.task, `FAILED ${c.error ?? ''}`, '', '', '', '', '', ''],
  );
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  for (const row of [header, widths.map((w) => '─'.repeat(w)), ...rows])
    out(
      `  ${row.map((cell, i) => (i >= 4 ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0))).join('  ')}`,
    );
  return crawls.every((c) => c.run?.status === 'completed');
}
