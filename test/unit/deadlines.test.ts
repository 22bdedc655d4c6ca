// The deadline helper (core/deadline.ts) and the worker's slot watch (worker/activity-deadlines.ts):
// a call that never settles is abandoned at its deadline, and a worker whose every slot is busy past
// its timeout says so once in its log and in its gauges.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withDeadline } from '../../core/deadline.js';
import { WorkerMetrics } from '../../observability/metrics.js';
import { SlotWatch } from '../../worker/activity-deadlines.js';

void test('withDeadline: a call that never settles is abandoned at the deadline, its signal aborted', async () => {
  let seen: AbortSignal | undefined;
  const started = Date.now();
  await assert.rejects(
    withDeadline(
      50,
      (signal) => {
        seen = signal;
        return new Promise<never>(() => undefined);
      },
      { onTimeout: () => new Error('deadline passed') },
    ),
    /deadline passed/,
  );
  assert.ok(Date.now() - started < 1_000);
  assert.equal(seen?.aborted, true);
});

void test("withDeadline: a parent's abort ends the call with the parent's reason; a quick call is untouched", async () => {
  const parent = new AbortController();
  const pending = withDeadline(10_000, () => new Promise<never>(() => undefined), {
    parent: parent.signal,
    onTimeout: () => new Error('deadline passed'),
  });
  parent.abort(new Error('cancelled by the workflow'));
  await assert.rejects(pending, /cancelled by the workflow/);
  assert.equal(await withDeadline(1_000, () => Promise.resolve(42), { onTimeout: () => new Error('x') }), 42);
});

async function gauge(metrics: WorkerMetrics, name: string): Promise<number> {
  const text = await metrics.registry.getSingleMetricAsString(name);
  return Number(/\s(\d+)\s*$/.exec(text)?.[1]);
}

void test('SlotWatch: every slot busy past its timeout is logged once as a wedged worker and shows in the gauges', async () => {
  let now = 1_000_000;
  const lines: Array<[string, string, Record<string, unknown> | undefined]> = [];
  const metrics = new WorkerMetrics();
  const watch = new SlotWatch({
    slots: 2,
    metrics,
    log: (level, msg, fields) => lines.push([level, msg, fields]),
    now: () => now,
  });
  const a = watch.start('insertBatch', 'wf-a', 1, 300_000);
  const b = watch.start('auditBatch', 'wf-b', 1, 300_000);
  assert.deepEqual(watch.check(), { busy: 2, overdue: 0, abandoned: 0, wedged: false });
  assert.equal(lines.length, 0);

  now += 301_000;
  assert.deepEqual(watch.check(), { busy: 2, overdue: 2, abandoned: 0, wedged: true });
  assert.equal(await gauge(metrics, 'discovery_activities_overdue'), 2);
  assert.equal(await gauge(metrics, 'discovery_activity_slots_busy'), 2);
  const wedged = lines.filter(([, msg]) => msg.startsWith('every activity slot is busy past its timeout'));
  assert.equal(wedged.length, 1);
  assert.equal(wedged[0]![0], 'error');
  assert.deepEqual(wedged[0]![2]?.activities, ['insertBatch', 'auditBatch']);
  assert.equal(lines.filter(([, msg]) => msg === 'activity running past its timeout').length, 2);

  // Said once, not at every check.
  watch.check();
  assert.equal(lines.length, 3);

  // One attempt abandoned at its deadline: its slot is free, its code still runs.
  watch.release(a);
  assert.deepEqual(watch.check(), { busy: 1, overdue: 1, abandoned: 1, wedged: false });
  assert.equal(lines.at(-1)![1], 'activity slots free again');
  assert.equal(await gauge(metrics, 'discovery_activities_abandoned'), 1);
  watch.settle(a);
  watch.release(b);
  watch.settle(b);
  assert.deepEqual(watch.check(), { busy: 0, overdue: 0, abandoned: 0, wedged: false });
});
