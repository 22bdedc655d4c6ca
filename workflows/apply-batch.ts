import type { AuditResult, BatchInput, TranslateResult } from '../activities/types.js';
import { addCounts, zeroCounts, type Counts } from '../core/model.js';
import type { ActivityHandles } from './activity-options.js';

export interface ApplyOptions {
  /** Whether `trackBatch` runs after this audit (a crawl skips it when the audit found nothing unchanged). */
  track: (audit: AuditResult) => boolean;
  /** Send the batch's changes to the audit app (MAESTRO_AUDIT_URI set). */
  externalAudit: boolean;
  /** Skip `insertBatch` when the audit found nothing to write (it then marked the tracker chunk applied). */
  skipEmptyInsert?: boolean;
}

/** Whether an audit found anything `insertBatch` must write. */
export function hasWrites(audit: AuditResult): boolean {
  return audit.created + audit.updated + audit.deactivated + audit.reactivated > 0;
}

/**
 * A translated batch's remaining steps, the same for a crawl and a re-translation: audit → insert →
 * track → external audit (nothing when the translation produced no record). Returns the counts the
 * batch adds: the audit's, the insert's corrections and the skipped items.
 */
export async function applyBatch(
  acts: ActivityHandles,
  batch: BatchInput,
  translated: TranslateResult,
  options: ApplyOptions,
): Promise<Counts> {
  let counts = addCounts(zeroCounts(), { skipped: translated.skipped });
  if (translated.records === 0) return counts;
  const audit = await acts.auditBatch(batch);
  const insert =
    options.skipEmptyInsert && !hasWrites(audit) ? { written: 0 } : await acts.insertBatch(batch);
  if (options.track(audit)) await acts.trackBatch(batch);
  if (options.externalAudit) await acts.externalAuditBatch(batch);
  counts = addCounts(addCounts(counts, audit), insert.corrections ?? {});
  return counts;
}
