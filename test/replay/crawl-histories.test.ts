import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, test } from 'node:test';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import { DeterminismViolationError } from '@temporalio/workflow';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { bundleWorkflows } from '../../worker/create-worker.js';

// Offline: saved histories (scripts/record-histories.ts) replayed against the current workflow code.
// A change that breaks determinism for crawls already running in production fails here.
function load(name: string) {
  const doc = JSON.parse(
    readFileSync(new URL(`../fixtures/histories/${name}.json`, import.meta.url), 'utf8'),
  ) as {
    workflowId: string;
    history: unknown;
  };
  return { workflowId: doc.workflowId, history: historyFromJSON(doc.history) };
}

void describe('replay of recorded crawl histories', () => {
  let bundle: WorkflowBundleWithSourceMap;
  before(async () => {
    bundle = await bundleWorkflows();
  });

  for (const name of [
    'crawl-connection',
    'crawl-partition',
    'crawl-partition-pipelined',
    'crawl-partition-recrawl',
    'retranslate-run',
    'crawl-connection-follow-up',
    'retranslate-run-follow-up',
  ]) {
    void test(`${name} replays deterministically`, async () => {
      const { workflowId, history } = load(name);
      assert.ok((history.events?.length ?? 0) > 10, 'the fixture holds a real history');
      await Worker.runReplayHistory({ workflowBundle: bundle, replayName: name }, history, workflowId);
    });
  }

  // The pipelined loop tracks a batch only when its audit found unchanged records: the first crawl's
  // history never tracks, the re-crawl's tracks every batch. Replaying both covers both branches.
  void test('the pipelined histories cover a batch tracked and a batch not tracked', () => {
    const scheduled = (name: string) =>
      (load(name).history.events ?? []).flatMap((e) => {
        const type = e.activityTaskScheduledEventAttributes?.activityType?.name;
        return type ? [type] : [];
      });
    const first = scheduled('crawl-partition-pipelined');
    const again = scheduled('crawl-partition-recrawl');
    assert.equal(first.filter((t) => t === 'auditBatch').length, 3);
    assert.equal(first.filter((t) => t === 'trackBatch').length, 0);
    assert.equal(again.filter((t) => t === 'auditBatch').length, 3);
    assert.equal(again.filter((t) => t === 'trackBatch').length, 3);
  });

  // A trigger while the run was busy: each history ends by continuing as new as the follow-up crawl.
  void test('the follow-up histories cover the continue-as-new path of a crawl and of a re-translation', () => {
    for (const name of ['crawl-connection-follow-up', 'retranslate-run-follow-up']) {
      const events = load(name).history.events ?? [];
      const accepted = events.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes).length;
      const next = events.at(-1)?.workflowExecutionContinuedAsNewEventAttributes;
      assert.ok(accepted >= 1, `${name}: a trigger update accepted`);
      assert.equal(next?.workflowType?.name, 'crawlConnection', `${name}: continued as a crawl`);
    }
  });

  void test('a history the code would not produce is reported as a determinism violation', async () => {
    const { workflowId, history } = load('crawl-partition');
    const scheduled = history.events?.find((e) => e.activityTaskScheduledEventAttributes);
    assert.ok(scheduled?.activityTaskScheduledEventAttributes?.activityType);
    scheduled.activityTaskScheduledEventAttributes.activityType.name = 'someOtherActivity';
    await assert.rejects(
      Worker.runReplayHistory({ workflowBundle: bundle, replayName: 'tampered' }, history, workflowId),
      DeterminismViolationError,
    );
  });
});
