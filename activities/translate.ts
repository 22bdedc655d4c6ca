import type { NormalizedRecord } from '../core/model.js';
import type { ActivityDeps, ConnectionCache } from './deps.js';
import { mappingContext, resourceKind } from './deps.js';
import { resolveApplicationLinks } from './links.js';
import type { BatchInput, TranslateResult } from './types.js';

const MAX_REPORTED_ERRORS = 5;

/**
 * Raw pages → normalized records (pure mapping), stored as one batch. An item the normalizer cannot
 * map is counted as skipped with its error; the rest of the batch goes on. Duplicate ids keep the last.
 * Application tags the normalizers found are resolved here, one tenant-scoped query per batch.
 */
export function translateActivity(deps: ActivityDeps, cache: ConnectionCache) {
  return async function translatePage(input: BatchInput): Promise<TranslateResult> {
    const context = await cache.context(input.connectionId);
    const { conn, provider } = context;
    const kind = resourceKind(provider, input.scope);
    const raw = await deps.store.staging.items(
      input.rawRunId ?? input.runId,
      input.scope.key,
      'raw',
      input.firstSeq,
      input.lastSeq,
    );
    const ctx = mappingContext(conn, input.connectionId, input.scope);
    const byId = new Map<string, NormalizedRecord>();
    const errors: string[] = [];
    let skipped = 0;
    for (const item of raw) {
      try {
        for (const record of kind.normalize(item, ctx)) byId.set(record.unique_id, record);
      } catch (err) {
        skipped += 1;
        if (errors.length < MAX_REPORTED_ERRORS)
          errors.push(`${input.scope.command}: ${(err as Error).message}`);
      }
    }
    await resolveApplicationLinks(deps, context, byId.values());
    await deps.store.staging.put(input.runId, input.scope.key, 'batch', input.firstSeq, [...byId.values()]);
    return { records: byId.size, skipped, errors };
  };
}
