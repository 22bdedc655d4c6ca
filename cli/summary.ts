import { regionCode } from '../core/regions.js';
import type { ScopeProgress } from '../workflows/definitions.js';
import { COUNT_COLUMNS, countCells, formatTable, println } from './format.js';
import type { CrawlOutcome } from './progress.js';

/** The human summary of a crawl: one row per scope, a total, and the scopes' errors. */
export function printCrawlSummary(o: Omit<CrawlOutcome, 'runId'> & { runId?: string }, extra = ''): void {
  println(`${o.workflowId}  run ${o.runId ?? '-'}  ${o.status}${extra}`);
  // On stderr too: a crawl that failed before planning (unknown task, expired pages) has nothing else to show.
  if (o.error) process.stderr.write(`error: ${o.workflowId}: ${o.error}\n`);
  if (o.scopes.length > 0) {
    const rows = o.scopes.map((s) => [
      s.key,
      s.region === undefined ? 'global' : regionCode(s.region) || s.region,
      scopeStatus(s),
      ...countCells(s),
    ]);
    rows.push(['total', '', o.status, ...countCells(o.totals)]);
    for (const line of formatTable(['scope', 'region', 'status', ...COUNT_COLUMNS], rows, 3))
      println(`  ${line}`);
  }
  for (const s of o.scopes) if (s.error) println(`  ${s.key}: ${s.error.type}: ${s.error.message}`);
  for (const s of o.scopes)
    if (s.sweep?.status === 'guarded')
      println(`  ${s.key}: stale sweep refused by the guard: ${s.sweep.reason ?? ''}`);
}

function scopeStatus(s: ScopeProgress): string {
  return s.sweep?.status === 'guarded' ? `${s.status} (guarded)` : s.status;
}
