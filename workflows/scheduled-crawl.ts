import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ParentClosePolicy, executeChild } from '@temporalio/workflow';
import { crawlConnection, type CrawlInput, type CrawlResult } from './crawl-connection.js';
import { crawlWorkflowId } from './definitions.js';

export type ScheduledCrawlResult =
  { started: true; result: CrawlResult } | { started: false; reason: string; workflowId: string };

/**
 * What a Temporal Schedule starts (services/schedules.ts): the crawl itself runs as the child
 * `crawl:<connectionId>:<task>`, the one id every start of that connection and task uses. So a schedule
 * firing while a crawl (manual, scheduled or a re-translation) holds that id starts nothing and records
 * why, and a manual start during a scheduled crawl attaches to it. The crawl is abandoned, not
 * cancelled, if this wrapper is terminated: it is the unit of work.
 */
export async function scheduledCrawl(input: CrawlInput): Promise<ScheduledCrawlResult> {
  const workflowId = crawlWorkflowId(input.connectionId, input.task);
  try {
    const result = await executeChild(crawlConnection, {
      workflowId,
      args: [input],
      parentClosePolicy: ParentClosePolicy.ABANDON,
    });
    return { started: true, result };
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) {
      return { started: false, reason: 'a crawl of this connection and task is already running', workflowId };
    }
    throw err;
  }
}
