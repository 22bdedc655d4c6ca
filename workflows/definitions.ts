import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Counts, Entity, RunStatus, ScopeStatus } from '../core/model.js';
import type { SweepOutcome } from '../store/runs.js';

/** Per-scope progress, as returned by the `progress` query. */
export interface ScopeProgress extends Counts {
  key: string;
  command: string;
  entity: Entity;
  region?: string;
  status: ScopeStatus;
  error?: { type: string; message: string };
  sweep?: SweepOutcome;
}

export interface CrawlProgress {
  runId: string;
  connectionId: string;
  task: string;
  status: RunStatus | 'planning';
  scopes: ScopeProgress[];
  totals: Counts;
}

export interface ScopeProgressUpdate {
  index: number;
  counts: Counts;
}

export const progressQuery = defineQuery<CrawlProgress>('progress');
export const scopeProgressSignal = defineSignal<[ScopeProgressUpdate]>('scopeProgress');

/**
 * What became of a trigger (manual, API or schedule) of a connection and task: `started` — it started
 * the crawl; `queued` — a crawl was running, one follow-up crawl starts when it ends; `attached` — it
 * joins a crawl that has not planned yet, or the follow-up already queued.
 */
export type TriggerOutcome = 'started' | 'queued' | 'attached';

export interface TriggerRequest {
  /** Apply the stale sweep even when the mass-deletion guard would refuse (a queued follow-up keeps it). */
  force?: boolean;
}

/** A trigger that must know its outcome (the client's update-with-start). */
export const triggerUpdate = defineUpdate<TriggerOutcome, [TriggerRequest]>('trigger');
/** The same trigger from a workflow (a schedule firing), which cannot send updates. */
export const triggerSignal = defineSignal<[TriggerRequest]>('trigger');

export function crawlWorkflowId(connectionId: string, task: string): string {
  return `crawl:${connectionId}:${task}`;
}

/** The connection and task of a `crawlWorkflowId`, or undefined for another id. */
export function parseCrawlWorkflowId(workflowId: string): { connectionId: string; task: string } | undefined {
  const m = /^crawl:([^:]+):(.+)$/.exec(workflowId);
  return m ? { connectionId: m[1]!, task: m[2]! } : undefined;
}

/**
 * A trigger reaching a busy run, coalesced into its one follow-up: `queued` for the first, `attached` for
 * the others; the follow-up forces the sweep when any of them asked to.
 */
export function queueFollowUp(
  followUp: TriggerRequest | undefined,
  req: TriggerRequest,
): { outcome: TriggerOutcome; followUp: TriggerRequest } {
  return {
    outcome: followUp ? 'attached' : 'queued',
    followUp: { force: (followUp?.force ?? false) || (req.force ?? false) },
  };
}
