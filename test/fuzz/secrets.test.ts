// Secrets (issue #18, item 6): distinctive cloud secrets and a distinctive encryption key are planted,
// then a connection is created, crawled (a real worker, Temporal, moto), its credentials rotated and
// tested, and the API fuzzed. Afterwards the planted strings appear in 0 API responses, 0 log lines (the
// API's and the worker's; the peers' output is scanned by `npm run fuzz`, which runs with PEERS_ECHO=1),
// 0 workflow histories (exported with the Temporal CLI, payloads decoded) and 0 documents outside
// `connections` (where the credentials are stored encrypted, so not in plain text either).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { after, before, test } from 'node:test';
import { testConfig } from '../harness/crawl-env.js';
import { fuzzApi, startFuzzTarget, type FuzzTarget } from '../harness/fuzz.js';

const run = promisify(execFile);
const TEMPORAL =
  process.env.TEMPORAL_CLI_PATH || join(resolve(import.meta.dirname, '../..'), '.peers/venv/bin/temporal');
// 64 hex characters that no other value of a run spells.
const KEY = '5ec7e75ec7e70018'.repeat(4);
const SECRET = 'PLANTED-cloud-secret-4a1c9e-first';
const ROTATED = 'PLANTED-cloud-secret-77d2b0-rotated';
const PLANTED = [KEY, SECRET, ROTATED];

let target: FuzzTarget;

before(async () => {
  target = await startFuzzTarget(testConfig('secrets', { DISCOVERY_ENCRYPTION_KEY: KEY }), SECRET);
});
after(async () => target?.close());

/** The planted strings found in `text` (as written, and base64-encoded the way payloads carry JSON). */
function found(text: string): string[] {
  return PLANTED.filter((s) => text.includes(s));
}

/** Every workflow of the run's task queue, as the Temporal CLI exports its history, payloads decoded. */
async function histories(): Promise<Array<{ id: string; text: string }>> {
  const cfg = target.config;
  const base = ['--address', cfg.temporalAddress, '--namespace', cfg.temporalNamespace, '-o', 'json'];
  const { stdout } = await run(
    TEMPORAL,
    ['workflow', 'list', '--query', `TaskQueue="${cfg.taskQueue}"`, ...base],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  const listed =
    stdout.trim() === ''
      ? []
      : (JSON.parse(stdout) as Array<{ execution: { workflowId: string; runId: string } }>);
  const out: Array<{ id: string; text: string }> = [];
  for (const w of listed) {
    const { stdout: history } = await run(
      TEMPORAL,
      ['workflow', 'show', '-w', w.execution.workflowId, '-r', w.execution.runId, ...base],
      { maxBuffer: 256 * 1024 * 1024 },
    );
    // Payloads are base64 in the export: decode every `data` field so a secret inside one is seen.
    const decoded = [...history.matchAll(/"data":\s*"([A-Za-z0-9+/=]+)"/g)]
      .map((m) => Buffer.from(m[1] ?? '', 'base64').toString('utf8'))
      .join('\n');
    out.push({ id: w.execution.workflowId, text: `${history}\n${decoded}` });
  }
  return out;
}

void test('planted secrets appear in no response, log line, workflow history or document outside connections', async () => {
  const api = (method: string, path: string, body?: unknown) =>
    fetch(`${target.url}${path}`, {
      method,
      headers: {
        authorization: target.tokens.user,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const responses: string[] = [];
  const keep = async (res: Response) => {
    const text = await res.text();
    responses.push(text);
    return text;
  };

  const list = JSON.parse(await keep(await api('GET', '/v1/connections'))) as {
    items: Array<{ id: string }>;
  };
  const id = list.items[0]?.id;
  assert.ok(id, 'the seeded connection');
  const rotated = await api('PATCH', `/v1/connections/${id}`, {
    credentials: { access: 'testing', secret: ROTATED, role_arn: 'arn:aws:iam::480000000018:role/Discovery' },
  });
  await keep(rotated);
  assert.equal(rotated.status, 200);
  const tested = JSON.parse(await keep(await api('POST', `/v1/connections/${id}/test`))) as { ok: boolean };
  assert.equal(tested.ok, true, 'moto accepted the rotated credentials');
  const started = JSON.parse(
    await keep(await api('POST', `/v1/connections/${id}/crawls`, { task: 'volumes-list' })),
  ) as {
    workflowId: string;
  };
  const result = await target.crawlEnv.client.result(started.workflowId);
  assert.equal(result.status, 'completed');
  for (const path of [
    `/v1/connections/${id}`,
    '/v1/crawls',
    '/v1/inventory/servers',
    `/v1/connections/${id}/crawls/volumes-list`,
  ])
    await keep(await api('GET', path));
  // Failing credentials too: an error message must not quote them.
  const bad = await api('POST', '/v1/connections', {
    provider: 'aws',
    name: 'bad',
    regions: ['us-east-1'],
    credentials: { access: 'testing', secret: SECRET, role_arn: `not-an-arn-${SECRET}` },
  });
  assert.equal(bad.status, 400);
  await keep(bad);

  const fuzz = await fuzzApi(
    target,
    {
      maxExamples: 3,
      phases: 'fuzzing,stateful',
      reportDir: '.tmp/fuzz-secrets',
      callers: ['private'],
      maxTime: 30,
      seed: 6,
    },
    PLANTED,
  );
  assert.ok(fuzz.requests > 100, `${fuzz.requests} fuzzed requests`);

  const leaks: string[] = [...fuzz.leaks];
  for (const r of responses)
    for (const s of found(r)) leaks.push(`response: ${s.slice(0, 12)}… in ${r.slice(0, 160)}`);
  for (const line of target.logs) if (found(line).length > 0) leaks.push(`log: ${line.slice(0, 160)}`);
  const hist = await histories();
  assert.ok(hist.length >= 2, `${hist.length} workflow histories exported`);
  for (const h of hist) for (const s of found(h.text)) leaks.push(`history ${h.id}: ${s.slice(0, 12)}…`);
  const db = target.services.store.db;
  let documents = 0;
  for (const { name } of await db.listCollections().toArray()) {
    for await (const doc of db.collection(name).find()) {
      documents += 1;
      for (const s of found(JSON.stringify(doc)))
        leaks.push(`${name} ${String(doc._id)}: ${s.slice(0, 12)}…`);
    }
  }
  assert.ok(documents > 10, `${documents} documents scanned`);
  assert.ok(target.logs.length > 10, `${target.logs.length} log lines scanned`);
  process.stdout.write(
    `secrets: ${responses.length + fuzz.requests} responses, ${target.logs.length} log lines, ${hist.length} histories, ${documents} documents: ${leaks.length} leaks\n`,
  );
  assert.deepEqual(leaks, []);
});
