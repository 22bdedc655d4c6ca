import {
  Client,
  Connection,
  WorkflowExecutionAlreadyStartedError,
  type WorkflowHandle,
} from '@temporalio/client';
import type { Config } from '../core/config.js';
import { clientInterceptors } from '../observability/tracing.js';
import type { RetranslateInput } from '../activities/types.js';
import type { CrawlInput, CrawlResult } from '../workflows/crawl-connection.js';
import { crawlWorkflowId, progressQuery, type CrawlProgress } from '../workflows/definitions.js';

export interface StartedCrawl {
  workflowId: string;
  /** False when a crawl of this connection and task was already running: the trigger attached to it. */
  started: boolean;
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
    return this.startOrAttach('crawlConnection', crawlWorkflowId(input.connectionId, input.task), input);
  }

  /**
   * Re-translates a finished run of `connectionId` and `task` from its stored raw pages (workflow
   * `retranslateRun`). It takes the crawl's workflow id, so it never runs beside a crawl of the same
   * connection and task: `started` is false, and nothing is started, while one runs.
   */
  async startRetranslate(
    input: RetranslateInput & { connectionId: string; task: string },
  ): Promise<StartedCrawl> {
    return this.startOrAttach('retranslateRun', crawlWorkflowId(input.connectionId, input.task), {
      sourceRunId: input.sourceRunId,
      ...(input.force ? { force: true } : {}),
    } satisfies RetranslateInput);
  }

  /** Starts the workflow, or attaches to the one running under the same id. */
  private async startOrAttach(type: string, workflowId: string, input: object): Promise<StartedCrawl> {
    try {
      const handle = await this.client.workflow.start(type, {
        taskQueue: this.taskQueue,
        workflowId,
        args: [input],
        workflowIdReusePolicy: 'ALLOW_DUPLICATE',
      });
      return { workflowId, started: true, handle };
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) {
        return { workflowId, started: false, handle: this.client.workflow.getHandle(workflowId) };
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
