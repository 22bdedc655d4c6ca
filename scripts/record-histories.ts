/**
 * Records the histories that the replay tests load (test/fixtures/histories/): runs a small crawl on
 * the real peers, then a re-translation of it, and saves the parent, one partition and the
 * re-translation history. Run it through the peers runner (naming fixtures records only those):
 *   node --import tsx scripts/with-peers.ts -- node --import tsx scripts/record-histories.ts [crawl-connection …]
 * Re-record only when a workflow change is meant to be incompatible (and version it).
 */
import { writeFileSync } from 'node:fs';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import { resetMoto, seedRegion } from '../test/harness/aws-seed.js';
import { startSyntheticApi } from '../bench/synthetic-server.js';
import { syntheticProvider } from '../providers/synthetic/index.js';
import { seedMaestroAwsConnection, seedSyntheticConnection } from '../test/harness/connections.js';
import { startCrawlEnv, testConfig } from '../test/harness/crawl-env.js';

const only = process.argv.slice(2);
/** A fixture holds the workflow id too: child ids derive from it, so replay needs the real one. */
function save(name: string, workflowId: string, historyJson: string): void {
  if (only.length > 0 && !only.includes(name)) return;
  const doc = { workflowId, history: JSON.parse(historyJson) as unknown };
  writeFileSync(`test/fixtures/histories/${name}.json`, JSON.stringify(doc) + '\n');
}

// Pages and batches of 5: the synthetic provider's 12 servers make three batches.
const synthetic = await startSyntheticApi(12);
const env = await startCrawlEnv(testConfig('record', { MAESTRO_SCAN_QTD: '5', MAESTRO_TRANSLATE_QTD: '5' }), [
  syntheticProvider(synthetic.url),
]);
try {
  await resetMoto(env.config.providers.aws.endpoint);
  await seedRegion(env.config.providers.aws.endpoint, 'us-east-1', 0, 3);
  await seedRegion(env.config.providers.aws.endpoint, 'eu-west-1', 0, 2);
  const id = await seedMaestroAwsConnection(env.db, {
    regions: ['us-east-1 (N. Virginia)', 'eu-west-1 (Ireland)'],
    secretJwt: env.config.secretJwt,
  });
  const started = await env.client.start({ connectionId: id, task: 'volumes-list' });
  const result = await env.client.result(started.workflowId);
  const parent = await env.client.handle(started.workflowId).fetchHistory();
  save('crawl-connection', started.workflowId, historyToJSON(parent));
  for await (const exec of env.client.client.workflow.list({
    query: `WorkflowId STARTS_WITH "${started.workflowId}:"`,
  })) {
    const child = await env.client.handle(exec.workflowId, exec.runId).fetchHistory();
    save('crawl-partition', exec.workflowId, historyToJSON(child));
    break;
  }
  const re = await env.client.startRetranslate({
    sourceRunId: result.runId,
    connectionId: id,
    task: 'volumes-list',
  });
  const retranslated = await env.client.result(re.workflowId);
  save(
    'retranslate-run',
    re.workflowId,
    historyToJSON(await env.client.handle(re.workflowId).fetchHistory()),
  );
  // The pipelined loop (several batches, each fetched ahead): a first crawl (nothing unchanged, so no
  // trackBatch) and a second one (all unchanged, tracked).
  const syntheticId = await seedSyntheticConnection(env.db, {
    regions: ['r1'],
    secretJwt: env.config.secretJwt,
  });
  for (const name of ['crawl-partition-pipelined', 'crawl-partition-recrawl']) {
    const crawl = await env.client.start({ connectionId: syntheticId, task: 'server-list' });
    const { runId } = await env.client.result(crawl.workflowId);
    // Child ids end with the crawl's run id; the workflow id is the same for both crawls.
    for await (const exec of env.client.client.workflow.list({
      query: `WorkflowId = "${crawl.workflowId}:synthetic.listServers@r1:${runId}"`,
    })) {
      save(
        name,
        exec.workflowId,
        historyToJSON(await env.client.handle(exec.workflowId, exec.runId).fetchHistory()),
      );
    }
  }
  // The follow-up paths (docs/maestro.md): a trigger while a crawl runs, and one while a
  // re-translation runs; each run continues as new as the follow-up crawl. The first run is saved.
  const running = await env.client.start({ connectionId: syntheticId, task: 'server-list' });
  for (let i = 0; i < 200; i++) {
    if ((await env.client.progress(running.workflowId).catch(() => undefined))?.status === 'running') break;
    await new Promise((r) => setTimeout(r, 25));
  }
  const queued = await env.client.start({ connectionId: syntheticId, task: 'server-list' });
  if (queued.trigger !== 'queued') throw new Error(`expected a queued follow-up, got ${queued.trigger}`);
  const firstRun = (await running.handle.describe()).runId;
  const { runId: lastCrawl } = await env.client.result(running.workflowId);
  save(
    'crawl-connection-follow-up',
    running.workflowId,
    historyToJSON(await env.client.handle(running.workflowId, firstRun).fetchHistory()),
  );
  const re2 = await env.client.startRetranslate({
    sourceRunId: lastCrawl,
    connectionId: syntheticId,
    task: 'server-list',
  });
  const reRun = (await re2.handle.describe()).runId;
  const during = await env.client.start({ connectionId: syntheticId, task: 'server-list' });
  if (during.trigger !== 'queued') throw new Error(`expected a queued crawl, got ${during.trigger}`);
  await env.client.result(re2.workflowId);
  save(
    'retranslate-run-follow-up',
    re2.workflowId,
    historyToJSON(await env.client.handle(re2.workflowId, reRun).fetchHistory()),
  );
  console.log(`recorded: run ${result.runId} (${result.status}), re-translated as ${retranslated.runId}`);
} finally {
  await env.stop();
  await synthetic.close();
}
