import {
  Client,
  Connection,
  WithStartWorkflowOperation,
  WorkflowExecutionAlreadyStartedError,
  WorkflowUpdateFailedError,
  type WorkflowHandle,
} from '@temporalio/client';
import type { Config } from '../core/config.js';
import { clientInterceptors } from '../observability/tracing.js';
import type { RetranslateInput } from '../activities/types.js';
// Workflows are started by function reference (arguments type-checked); importing them outside a
// worker only reads their names.
import { crawlConnection, type CrawlInput, type CrawlResult } from '../workflows/crawl-connection.js';
import { retranslateRun } from '../workflows/retranslate-run.js';
import {
  crawlWorkflowId,
  progressQuery,
  triggerUpdate,
  type CrawlProgress,
  type TriggerOutcome,
} from '../workflows/definitions.js';

export interface StartedCrawl {
  workflowId: string;
  /** False when a crawl of this connection and task was already running: the trigger attached to it. */
  started: boolean;
  /**
   * `started`: this trigger started the crawl; `queued`: a crawl was running and one follow-up starts
   * when it ends; `attached`: it joins a crawl that has not planned yet, the follow-up already queued,
   * or (nothing queued) a re-translation holding the id.
   */
  trigger: TriggerOutcome;
  handle: WorkflowHandle;
}

/** Starting, watching and cancelling crawls: what the API, the CLI and the demo share. */
export class CrawlClient {
  constructor(
    readonly client: Client,
    private readonly taskQueue: string,
  ) {}

  static async connect(
    config: Pick<Config, 'temporalAddress' | 'temporalNamespace' | 'taskQueue'>,
  ): Promise<CrawlClient> {
    const connection = await Connection.connect({ address: config.temporalAddress });
    return new CrawlClient(
      new Client({ connection, namespace: config.temporalNamespace, interceptors: clientInterceptors() }),
      config.taskQueue,
    );
  }

  /**
   * One crawl per connection and task: the workflow id is `crawl:<connectionId>:<task>`, so a second
   * trigger while one runs attaches to it instead of starting another.
   */
  async start(input: CrawlInput): Promise<StartedCrawl> {
    const workflowId = crawlWorkflowId(input.connectionId, input.task);
    // Update-with-start: starts the crawl, or reaches the running one atomically, so a trigger sent
    // while a crawl closes is queued in it (it continues as new) instead of attaching to its end.
    const startOp = new WithStartWorkflowOperation(crawlConnection, {
      taskQueue: this.taskQueue,
      workflowId,
      args: [input],
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'ALLOW_DUPLICATE',
    });
    let trigger: TriggerOutcome;
    try {
      trigger = await this.client.workflow.executeUpdateWithStart(triggerUpdate, {
        args: [input.force ? { force: true } : {}],
        startWorkflowOperation: startOp,
      });
    } catch (err) {
      // A re-translation holds the id and takes no triggers: attach, as before follow-ups existed.
      if (!(err instanceof WorkflowUpdateFailedError)) throw err;
      trigger = 'attached';
    }
    const handle = await startOp.workflowHandle();
    return { workflowId, started: trigger === 'started', trigger, handle };
  }

  /**
   * Re-translates a finished run of `connectionId` and `task` from its stored raw pages (workflow
   * `retranslateRun`). It takes the crawl's workflow id, so it never runs beside a crawl of the same
   * connection and task: `started` is false, and nothing is started, while one runs.
   */
  async startRetranslate(
    input: RetranslateInput & { connectionId: string; task: string },
  ): Promise<StartedCrawl> {
    return this.startOrAttach(retranslateRun, crawlWorkflowId(input.connectionId, input.task), {
      sourceRunId: input.sourceRunId,
      ...(input.force ? { force: true } : {}),
    } satisfies RetranslateInput);
  }

  /** Starts the workflow, or attaches to the one running under the same id. */
  private async startOrAttach(
    type: typeof retranslateRun,
    workflowId: string,
    input: RetranslateInput,
  ): Promise<StartedCrawl> {
    try {
      const handle = await this.client.workflow.start(type, {
        taskQueue: this.taskQueue,
        workflowId,
        args: [input],
        workflowIdReusePolicy: 'ALLOW_DUPLICATE',
      });
      return { workflowId, started: true, trigger: 'started', handle };
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) {
        return {
          workflowId,
          started: false,
          trigger: 'attached',
          handle: this.client.workflow.getHandle(workflowId),
        };
      }
      throw err;
    }
  }

  handle(workflowId: string, runId?: string): WorkflowHandle {
    return this.client.workflow.getHandle(workflowId, runId);
  }

  progress(workflowId: string, runId?: string): Promise<CrawlProgress> {
    return this.handle(workflowId, runId).query(progressQuery);
  }

  async result(workflowId: string, runId?: string): Promise<CrawlResult> {
    return (await this.handle(workflowId, runId).result()) as CrawlResult;
  }

  async cancel(workflowId: string): Promise<void> {
    await this.handle(workflowId).cancel();
  }

  async close(): Promise<void> {
    await this.client.connection.close();
  }
}
