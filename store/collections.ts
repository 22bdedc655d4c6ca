/** The only place that knows collection names. */
export const COLLECTIONS = {
  connections: 'connections',
  runs: 'discovery_runs',
  changes: 'discovery_changes',
  staging: 'discovery_pages',
  tracker: 'discovery_tracker',
  /** Per-account rate budgets shared by the workers (worker/budget.ts). */
  budgets: 'discovery_budgets',
} as const;
