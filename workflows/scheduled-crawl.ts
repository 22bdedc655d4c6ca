import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import {
  ParentClosePolicy,
  getExternalWorkflowHandle,
  isCancellation,
  patched,
  startChild,
  executeChild,
} from '@temporalio/workflow';
import { crawlConnection, type CrawlInput, type CrawlResult } from './crawl-connection.js';
import { crawlWorkflowId, triggerSignal } from './definitions.js';

export type ScheduledCrawlResult =
  | { started: true; result: CrawlResult }
  | { started: false; queued: boolean; reason: string; workflowId: string };

/** Start and signal race with a crawl that closes in between: a few rounds settle it. */
const TRIGGER_ROUNDS = 5;

/**
 * What a Temporal Schedule starts (services/schedules.ts): the crawl itself runs as the child
 * `crawl:<connectionId>:<task>`, the one id every start of that connection and task uses. A schedule
 * firing while a crawl of that connection and task runs takes the same path as a manual trigger: it
 * signals `trigger`, which queues one follow-up crawl (crawl-connection.ts), so the firing is not lost
 * and crawls never overlap. The crawl is abandoned, not cancelled, if this wrapper is terminated: it is
 * the unit of work.
 */
export async function scheduledCrawl(input: CrawlInput): Promise<ScheduledCrawlResult> {
  const workflowId = crawlWorkflowId(input.connectionId, input.task);
  if (!patched('trigger-follow-up-1')) return legacyScheduledCrawl(input, workflowId);
  for (let round = 0; ; round++) {
    try {
      const child = await startChild(crawlConnection, {
        workflowId,
        args: [input],
        parentClosePolicy: ParentClosePolicy.ABANDON,
      });
      return { started: true, result: await child.result() };
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError) || round >= TRIGGER_ROUNDS) throw err;
    }
    try {
      await getExternalWorkflowHandle(workflowId).signal(triggerSignal, input.force ? { force: true } : {});
      return {
        started: false,
        queued: true,
        reason: 'a crawl of this connection and task is running: a follow-up crawl is queued',
        workflowId,
      };
    } catch (err) {
      // The running crawl closed between the start and the signal: start again.
      if (isCancellation(err) || round >= TRIGGER_ROUNDS) throw err;
    }
  }
}

/** Before follow-ups existed (kept for the replay of schedules recorded then). */
async function legacyScheduledCrawl(input: CrawlInput, workflowId: string): Promise<ScheduledCrawlResult> {
  try {
    const result = await executeChild(crawlConnection, {
      workflowId,
      args: [input],
      parentClosePolicy: ParentClosePolicy.ABANDON,
    });
    return { started: true, result };
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) {
      return {
        started: false,
        queued: false,
        reason: 'a crawl of this connection and task is already running',
        workflowId,
      };
    }
    throw err;
  }
}
