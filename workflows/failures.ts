import {
  ActivityFailure,
  ApplicationFailure,
  ChildWorkflowFailure,
  TemporalFailure,
} from '@temporalio/workflow';

/** The application failure type and message at the root of a workflow-side failure. */
export function describeFailure(err: unknown): { type: string; message: string } {
  let cur: unknown = err;
  while (cur instanceof ActivityFailure || cur instanceof ChildWorkflowFailure) cur = cur.cause;
  if (cur instanceof ApplicationFailure) return { type: cur.type ?? 'Error', message: cur.message };
  if (cur instanceof TemporalFailure) return { type: cur.name, message: cur.message };
  return { type: 'Error', message: cur instanceof Error ? cur.message : String(cur) };
}
