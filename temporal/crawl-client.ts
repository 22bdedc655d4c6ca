import {
  Client,
  Connection,
  WithStartWorkflowOperation,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
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

/**
 * What the client knows of a trigger: the workflow's answer, or `pending` — Temporal recorded the
 * start (or reached the running crawl) but no worker took the trigger within the wait: no worker is
 * polling, or all are busy. The trigger stays with the workflow and is handled when a worker runs it.
 */
export type StartOutcome = TriggerOutcome | 'pending';

/** How long a trigger waits for a worker to take it before the call answers `pending`. */
export const TRIGGER_WAIT_MS = 10_000;

export interface StartedCrawl {
  workflowId: string;
  /** False when a crawl of this connection and task was already running: the trigger attached to it. */
  started: boolean;
  /**
   * `started`: this trigger started the crawl; `queued`: a crawl was running and one follow-up starts
   * when it ends; `attached`: it joins a crawl that has not planned yet, the follow-up already queued,
   * or (nothing queued) a re-translation holding the id.
   */
  trigger: StartOutcome;
  handle: WorkflowHandle;
}

/** Starting, watching and cancelling crawls: what the API, the CLI and the demo share. */
export class CrawlClient {
  constructor(
    readonly client: Client,
    private readonly taskQueue: string,
    /** How long `start` waits for a worker to take the trigger (then it answers `pending`). */
    private readonly triggerWaitMs = TRIGGER_WAIT_MS,
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
    const update = this.client.workflow
      .executeUpdateWithStart(triggerUpdate, {
        args: [input.force ? { force: true } : {}],
        startWorkflowOperation: startOp,
      })
      .catch((err: unknown): TriggerOutcome => {
        // A re-translation recorded before it took triggers (no handler): attach, as it did then.
        if (err instanceof WorkflowUpdateFailedError) return 'attached';
        throw err;
      });
    // The update completes only when a worker runs the workflow's task: with no worker polling the
    // call would wait forever (an API request hanging at 3 a.m.). Bounded; the trigger is not lost.
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<'pending'>((resolve) => {
      timer = setTimeout(() => resolve('pending'), this.triggerWaitMs);
    });
    let trigger: StartOutcome;
    try {
      trigger = await Promise.race([update, waited]);
    } finally {
      clearTimeout(timer);
    }
    if (trigger === 'pending') {
      update.catch(() => undefined);
      // The start's own handle resolves only with the update's answer: read the run Temporal recorded.
      return { workflowId, started: false, trigger, handle: await this.recorded(workflowId) };
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

  /** The handle of the run recorded under `workflowId`, once Temporal has it (a few seconds at most). */
  private async recorded(workflowId: string): Promise<WorkflowHandle> {
    for (let attempt = 0; ; attempt++) {
      try {
        const { runId } = await this.client.workflow.getHandle(workflowId).describe();
        return this.client.workflow.getHandle(workflowId, runId);
      } catch (err) {
        if (!(err instanceof WorkflowNotFoundError) || attempt >= 20) throw err;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
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
