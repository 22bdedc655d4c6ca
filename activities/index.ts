import { auditActivity } from './audit.js';
import { ConnectionCache, type ActivityDeps } from './deps.js';
import { atEdge } from './failures.js';
import { fetchActivity } from './fetch.js';
import { insertActivity, trackActivity } from './insert.js';
import { ledgerActivities } from './ledger.js';
import { notifyActivities } from './notify.js';
import { planActivity } from './plan.js';
import { planRetranslateActivity } from './retranslate.js';
import { sweepActivity } from './sweep.js';
import { translateActivity } from './translate.js';

/**
 * The activity set registered by the worker (`createActivities(deps)`, as in Temporal's
 * dependency-injection sample). Function names are the activity types: renaming one is a breaking change.
 */
export function createActivities(deps: ActivityDeps) {
  const cache = new ConnectionCache(deps);
  const raw = {
    planCrawl: planActivity(deps, cache),
    fetchPage: fetchActivity(deps, cache),
    translatePage: translateActivity(deps, cache),
    auditBatch: auditActivity(deps, cache),
    insertBatch: insertActivity(deps, cache),
    trackBatch: trackActivity(deps),
    sweepScope: sweepActivity(deps, cache),
    planRetranslate: planRetranslateActivity(deps),
    ...ledgerActivities(deps),
    ...notifyActivities(deps, cache),
  };
  return wrapAtEdge(raw);
}

export type Activities = ReturnType<typeof createActivities>;

function wrapAtEdge<T extends Record<string, (input: never) => Promise<unknown>>>(fns: T): T {
  const out: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(fns)) {
    const wrapped = (input: never) => atEdge(() => fn(input));
    Object.defineProperty(wrapped, 'name', { value: name });
    out[name] = wrapped;
  }
  return out as T;
}
