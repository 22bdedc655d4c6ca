import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Discovery's Prometheus metrics (docs/operations.md lists them with example queries). One registry
 * per process; the worker adds the Temporal SDK's own metrics to its `/metrics` (observability/server.ts).
 * Labels are bounded sets: provider ids, entities, command ids, error types, statuses, route patterns —
 * never connection or run ids.
 */
export class WorkerMetrics {
  readonly registry: Registry;
  readonly crawlsStarted: Counter<'provider' | 'task'>;
  readonly crawlsFinished: Counter<'provider' | 'task' | 'status' | 'error_type'>;
  readonly crawlDuration: Histogram<'provider' | 'task' | 'status'>;
  readonly scopesFinished: Counter<'provider' | 'entity' | 'status' | 'error_type'>;
  readonly scopeDuration: Histogram<'provider' | 'entity'>;
  readonly resources: Counter<'provider' | 'entity' | 'outcome'>;
  readonly pages: Counter<'provider' | 'entity'>;
  readonly providerCalls: Histogram<'provider' | 'command' | 'outcome'>;
  readonly providerErrors: Counter<'provider' | 'command' | 'type'>;
  readonly throttles: Counter<'provider' | 'command'>;
  readonly retryAfter: Counter<'provider'>;
  readonly budgetWait: Counter<'provider'>;
  readonly sweeps: Counter<'provider' | 'entity' | 'outcome'>;
  readonly activityFailures: Counter<'activity' | 'type'>;
  readonly activitySlots: Gauge;
  readonly activitySlotsBusy: Gauge;
  readonly activitiesOverdue: Gauge;
  readonly activitiesAbandoned: Gauge;
  readonly activityDeadlines: Counter<'activity'>;

  constructor(registry = new Registry()) {
    this.registry = registry;
    const r = [registry];
    this.crawlsStarted = new Counter({
      name: 'discovery_crawls_started_total',
      help: 'Crawl runs planned (one per connection and task run).',
      labelNames: ['provider', 'task'],
      registers: r,
    });
    this.crawlsFinished = new Counter({
      name: 'discovery_crawls_finished_total',
      help: 'Crawl runs ended, by status (completed, partial, failed, cancelled) and error type.',
      labelNames: ['provider', 'task', 'status', 'error_type'],
      registers: r,
    });
    this.crawlDuration = new Histogram({
      name: 'discovery_crawl_duration_seconds',
      help: 'Duration of crawl runs, from plan to finish.',
      labelNames: ['provider', 'task', 'status'],
      buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1200, 3600, 7200],
      registers: r,
    });
    this.scopesFinished = new Counter({
      name: 'discovery_scopes_finished_total',
      help: 'Scopes (command x region) ended, by status (completed, failed, unauthorized, skipped, cancelled).',
      labelNames: ['provider', 'entity', 'status', 'error_type'],
      registers: r,
    });
    this.scopeDuration = new Histogram({
      name: 'discovery_scope_duration_seconds',
      help: 'Duration of scopes, from setup to close.',
      labelNames: ['provider', 'entity'],
      buckets: [0.5, 1, 5, 15, 60, 300, 900, 3600],
      registers: r,
    });
    this.resources = new Counter({
      name: 'discovery_resources_total',
      help: 'Resources by outcome: seen (items listed), created, updated, unchanged, deactivated, reactivated, skipped.',
      labelNames: ['provider', 'entity', 'outcome'],
      registers: r,
    });
    this.pages = new Counter({
      name: 'discovery_pages_fetched_total',
      help: 'Provider pages fetched.',
      labelNames: ['provider', 'entity'],
      registers: r,
    });
    this.providerCalls = new Histogram({
      name: 'discovery_provider_call_duration_seconds',
      help: 'Latency of provider list calls (one page each), by outcome (ok or the error type).',
      labelNames: ['provider', 'command', 'outcome'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: r,
    });
    this.providerErrors = new Counter({
      name: 'discovery_provider_errors_total',
      help: 'Provider call errors by classification (Throttled, Transient, PermissionDenied, InvalidCredentials, ...).',
      labelNames: ['provider', 'command', 'type'],
      registers: r,
    });
    this.throttles = new Counter({
      name: 'discovery_provider_throttles_total',
      help: 'Provider calls refused for rate (the provider said Throttled).',
      labelNames: ['provider', 'command'],
      registers: r,
    });
    this.retryAfter = new Counter({
      name: 'discovery_provider_retry_after_seconds_total',
      help: 'Retry-after waits the providers asked for (seconds, summed).',
      labelNames: ['provider'],
      registers: r,
    });
    this.budgetWait = new Counter({
      name: 'discovery_budget_wait_seconds_total',
      help: "Time provider calls waited for their account's rate budget (seconds, summed).",
      labelNames: ['provider'],
      registers: r,
    });
    this.sweeps = new Counter({
      name: 'discovery_sweeps_total',
      help: 'Stale sweeps by outcome: applied, guarded (refused by the mass-deletion guard), skipped.',
      labelNames: ['provider', 'entity', 'outcome'],
      registers: r,
    });
    this.activityFailures = new Counter({
      name: 'discovery_activity_failures_total',
      help: 'Activity attempts that failed, by activity and error type (retries included).',
      labelNames: ['activity', 'type'],
      registers: r,
    });
    this.activitySlots = new Gauge({
      name: 'discovery_activity_slots',
      help: 'Activity slots of the worker (DISCOVERY_WORKER_ACTIVITY_SLOTS).',
      registers: r,
    });
    this.activitySlotsBusy = new Gauge({
      name: 'discovery_activity_slots_busy',
      help: 'Activity slots taken by a running attempt (worker/activity-deadlines.ts, sampled every few seconds).',
      registers: r,
    });
    this.activitiesOverdue = new Gauge({
      name: 'discovery_activities_overdue',
      help: 'Running attempts past their start-to-close timeout that still hold a slot; equal to discovery_activity_slots: the worker is wedged.',
      registers: r,
    });
    this.activitiesAbandoned = new Gauge({
      name: 'discovery_activities_abandoned',
      help: 'Attempts abandoned at their timeout (slot released) whose code has not returned yet.',
      registers: r,
    });
    this.activityDeadlines = new Counter({
      name: 'discovery_activity_deadlines_total',
      help: 'Attempts abandoned by the worker at their start-to-close timeout, by activity.',
      labelNames: ['activity'],
      registers: r,
    });
    collectDefaultMetrics({ register: registry });
  }
}

export class ApiMetrics {
  readonly registry: Registry;
  readonly requests: Counter<'method' | 'route' | 'status'>;
  readonly duration: Histogram<'method' | 'route'>;

  constructor(registry = new Registry()) {
    this.registry = registry;
    this.requests = new Counter({
      name: 'discovery_api_requests_total',
      help: 'HTTP requests answered, by method, route pattern and status code.',
      labelNames: ['method', 'route', 'status'],
      registers: [registry],
    });
    this.duration = new Histogram({
      name: 'discovery_api_request_duration_seconds',
      help: 'HTTP request duration, by method and route pattern.',
      labelNames: ['method', 'route'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    });
    collectDefaultMetrics({ register: registry });
  }
}
