import { defineQuery, defineSignal } from '@temporalio/workflow';
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

export function crawlWorkflowId(connectionId: string, task: string): string {
  return `crawl:${connectionId}:${task}`;
}
