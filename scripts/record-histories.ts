/**
 * Records the histories that the replay tests load (test/fixtures/histories/): runs a small crawl on
 * the real peers, then a re-translation of it, and saves the parent, one partition and the
 * re-translation history. Run it through the peers runner (naming fixtures records only those):
 *   node --import tsx scripts/with-peers.ts -- node --import tsx scripts/record-histories.ts [crawl-connection crawl-partition retranslate-run]
 * Re-record only when a workflow change is meant to be incompatible (and version it).
 */
import { writeFileSync } from 'node:fs';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import { resetMoto, seedRegion } from '../test/harness/aws-seed.js';
import { seedMaestroAwsConnection } from '../test/harness/connections.js';
import { startCrawlEnv, testConfig } from '../test/harness/crawl-env.js';

const only = process.argv.slice(2);
/** A fixture holds the workflow id too: child ids derive from it, so replay needs the real one. */
function save(name: string, workflowId: string, historyJson: string): void {
  if (only.length > 0 && !only.includes(name)) return;
  const doc = { workflowId, history: JSON.parse(historyJson) as unknown };
  writeFileSync(`test/fixtures/histories/${name}.json`, JSON.stringify(doc) + '\n');
}

const env = await startCrawlEnv(testConfig('record'));
try {
  await resetMoto(env.config.awsEndpointUrl);
  await seedRegion(env.config.awsEndpointUrl, 'us-east-1', 0, 3);
  await seedRegion(env.config.awsEndpointUrl, 'eu-west-1', 0, 2);
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
  console.log(`recorded: run ${result.runId} (${result.status}), re-translated as ${retranslated.runId}`);
} finally {
  await env.stop();
}
