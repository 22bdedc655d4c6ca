// The bounded subset of `npm run chaos` in `npm test` (issue #18 item 1): the worker-kill scenario of
// tooling/chaos/worker-kill.ts with 1 kill instead of 20 (about 1.5 min on an idle 2-core machine; `npm run chaos` runs the 20) — the multi-scope crawl (two regions, two
// tasks, several pages and batches per scope) with its worker process SIGKILLed mid-crawl and a new
// one started; the inventory and the change records must equal an undisturbed round's, with nothing
// stored or recorded twice.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runWorkerKill } from '../../tooling/chaos/worker-kill.js';
import { requirePeers } from '../harness/env.js';

void test('worker killed at a moment of a multi-scope crawl: inventory and change records identical, 0 duplicates', async () => {
  const peers = requirePeers();
  const report = await runWorkerKill({
    peers: { ...peers, motoEndpoint: peers.awsEndpoint },
    kills: 1,
    log: (line) => console.log(`# ${line}`),
  });
  console.log(`# ${report.summary}`);
  // The reference itself has creates (crawl A), updates and reactivations (crawl B) to compare.
  assert.ok(report.reference.documents > 0);
  assert.ok((report.reference.changes.updated ?? 0) > 0 && (report.reference.changes.reactivated ?? 0) > 0);
  for (const round of report.rounds) {
    assert.ok(round.killedMidCrawl, `round ${round.round}: the kill landed after the crawl had ended`);
    assert.equal(round.duplicates, 0, `round ${round.round}: duplicates`);
    assert.deepEqual(round.differences, [], `round ${round.round}: differs from the undisturbed round`);
  }
  assert.equal(report.summary, 'chaos: worker-kill 1/1 identical');
});
