import { checksumOf, deepEqual } from './canonical.js';
import type { ChangeKind, NormalizedRecord } from './model.js';

export interface FieldDiff {
  field: string;
  before?: unknown;
  after?: unknown;
}

export interface StoredState {
  active?: boolean;
  checksum?: string;
  [field: string]: unknown;
}

export type Classification =
  | { kind: 'unchanged'; checksum: string }
  | { kind: ChangeKind; checksum: string; diff: FieldDiff[]; unset: string[] };

/** Checksum of what Discovery writes for a record: its normalized fields, key order irrelevant. */
export function recordChecksum(record: NormalizedRecord): string {
  return checksumOf(record);
}

/**
 * Decides what a freshly normalized record means against the stored document:
 * created, updated, deactivated (provider says gone), reactivated (seen again), or unchanged.
 * `owned` lists the fields the resource kind writes; an owned field that is no longer produced is
 * removed (`unset`), while fields Discovery never writes (user edits) are left alone.
 */
export function classifyRecord(
  existing: StoredState | null,
  record: NormalizedRecord,
  owned: readonly string[],
): Classification {
  const checksum = recordChecksum(record);
  if (!existing) {
    return {
      kind: 'created',
      checksum,
      diff: Object.keys(record)
        .sort()
        .map((field) => ({ field, after: record[field] })),
      unset: [],
    };
  }
  const wasActive = existing.active !== false;
  if (existing.checksum === checksum && wasActive === record.active) return { kind: 'unchanged', checksum };

  const diff: FieldDiff[] = [];
  const unset: string[] = [];
  const fields = new Set([...Object.keys(record), ...owned.filter((f) => existing[f] !== undefined)]);
  for (const field of [...fields].sort()) {
    const before = existing[field];
    const after = record[field];
    if (after === undefined) {
      unset.push(field);
      diff.push({ field, before });
    } else if (!deepEqual(before, after)) {
      diff.push({ field, ...(before === undefined ? {} : { before }), after });
    }
  }
  let kind: ChangeKind = 'updated';
  if (wasActive && !record.active) kind = 'deactivated';
  else if (!wasActive && record.active) kind = 'reactivated';
  return { kind, checksum, diff, unset };
}
