import type { NormalizedRecord } from '../core/model.js';
import { changeId, type ChangeDoc } from '../store/changes.js';
import type { ActivityDeps } from './deps.js';
import type { BatchInput, ScopeInput } from './types.js';

/**
 * The plumbing every batch step shares (translate, audit, insert, track, external audit, sweep): where a
 * batch and its plan are staged, its name, its change records, and marking its resources seen. Steps
 * import this module, never each other.
 */

/** A batch is named by its scope and first raw page (`<scope>#<firstSeq>`). */
export function batchName(input: BatchInput): string {
  return `${input.scope.key}#${input.firstSeq}`;
}

/** Loads a translated batch. */
export async function loadBatch(deps: ActivityDeps, input: BatchInput): Promise<NormalizedRecord[]> {
  return (await deps.store.staging.items(
    input.runId,
    input.scope.key,
    'batch',
    input.firstSeq,
    input.firstSeq,
  )) as NormalizedRecord[];
}

/** One written record of a batch, as planned by the audit step. */
export interface BatchPlan {
  unique_id: string;
  create: boolean;
  unset: string[];
  /** The record's checksum, as the audit computed it. */
  checksum: string;
  /** Hex `_id` of the stored document when it is not the derived one (an adopted document). */
  id?: string;
}

/** A record the audit found unchanged from the tracker's checksums alone (no inventory read, no write). */
export interface TrustedEntry {
  unique_id: string;
  trusted: true;
}

/** What the audit stages for a batch: the records to write, and the trusted unchanged ones. */
export type PlanEntry = BatchPlan | TrustedEntry;

const isTrusted = (p: PlanEntry): p is TrustedEntry => 'trusted' in p && p.trusted === true;

/** The audit's plan of a batch: what to write, and the ids it trusted as unchanged. */
export async function loadPlan(
  deps: ActivityDeps,
  input: BatchInput,
): Promise<{ writes: BatchPlan[]; trusted: string[] }> {
  const entries = (await deps.store.staging.items(
    input.runId,
    input.scope.key,
    'plan',
    input.firstSeq,
    input.firstSeq,
  )) as PlanEntry[];
  const writes: BatchPlan[] = [];
  const trusted: string[] = [];
  for (const e of entries) {
    if (isTrusted(e)) trusted.push(e.unique_id);
    else writes.push(e);
  }
  return { writes, trusted };
}

/** The change record of one resource in a run (keyed by run, entity and resource). */
export function changeRecord(
  input: ScopeInput,
  batch: string,
  tenantId: string | undefined,
  uniqueId: string,
  c: Pick<ChangeDoc, 'kind' | 'diff' | 'unset'>,
  at: Date,
): ChangeDoc {
  return {
    _id: changeId(input.runId, input.scope.entity, uniqueId),
    connection_id: input.connectionId,
    tenant_id: tenantId,
    entity: input.scope.entity,
    unique_id: uniqueId,
    kind: c.kind,
    run_id: input.runId,
    scope: input.scope.key,
    batch,
    at,
    diff: c.diff,
    // A resource seen again is no longer deactivated.
    unset: c.kind === 'reactivated' ? [...c.unset, 'deactivated_at'] : c.unset,
  };
}

/** Marks these resources of the batch's scope as seen in this run (`last_seen`, `last_seen_run`). */
export function markSeen(deps: ActivityDeps, input: BatchInput, ids: string[], at: Date): Promise<number> {
  const { scope, connectionId, runId } = input;
  return deps.store.inventory.markSeen(scope.entity, connectionId, scope.key, runId, ids, at);
}
