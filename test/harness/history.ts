import type { Client } from '@temporalio/client';

export interface HistoryStats {
  runs: number;
  events: number;
  maxEventsPerRun: number;
  maxPayloadBytes: number;
}

function payloadSizes(node: unknown, out: number[]): void {
  if (node === null || typeof node !== 'object') return;
  if (node instanceof Uint8Array) return;
  const obj = node as Record<string, unknown>;
  if (obj.data instanceof Uint8Array && 'metadata' in obj) {
    out.push(obj.data.length);
    return;
  }
  for (const v of Object.values(obj)) payloadSizes(v, out);
}

/** Every run (continue-as-new included) of the workflows whose id starts with `prefix`, with payload sizes. */
export async function historyStats(client: Client, prefix: string): Promise<HistoryStats> {
  const stats: HistoryStats = { runs: 0, events: 0, maxEventsPerRun: 0, maxPayloadBytes: 0 };
  for await (const exec of client.workflow.list({ query: `WorkflowId STARTS_WITH "${prefix}"` })) {
    const history = await client.workflow.getHandle(exec.workflowId, exec.runId).fetchHistory();
    const events = history.events?.length ?? 0;
    const sizes: number[] = [];
    payloadSizes(history, sizes);
    stats.runs += 1;
    stats.events += events;
    stats.maxEventsPerRun = Math.max(stats.maxEventsPerRun, events);
    stats.maxPayloadBytes = Math.max(stats.maxPayloadBytes, ...sizes);
  }
  return stats;
}
