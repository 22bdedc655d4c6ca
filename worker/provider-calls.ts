import { withDeadline } from '../core/deadline.js';
import { ThrottledError, TransientError } from '../core/errors.js';
import type { LogFn } from '../observability/log.js';
import type { WorkerMetrics } from '../observability/metrics.js';
import type { ProviderRegistry } from '../providers/registry.js';
import type { BudgetedProvider } from './budget.js';
import type { ListPageInput, ProviderDefinition, ProviderRuntime, ResourceKind } from '../providers/types.js';

/**
 * The one place where provider calls are observed and budgeted: every `listPage` of every provider
 * of the worker's registry goes through `instrumentProviders`. Per call: the account's rate budget
 * (when one is given), latency, pages and items, and on failure the provider's own classification
 * (metrics by error type, throttles and retry-after waits, and one warn line). The error itself is
 * rethrown untouched: the fetch step classifies it again and Temporal retries it.
 *
 * Every call has a deadline (`callTimeoutMs`, DISCOVERY_PROVIDER_CALL_TIMEOUT_MS): the provider gets a
 * signal that aborts at the deadline (or when the activity is cancelled), and a call that ignores it is
 * abandoned there with a `Transient` error, so a provider that never answers cannot hold an activity
 * slot. The account listing and the per-account credentials exchange of the planner and the fetch step
 * have the same deadline.
 */
export interface ProviderCallsDeps {
  metrics: WorkerMetrics;
  log: LogFn;
  /** Waits until the call may go (the account's shared budget); resolves to a release function. */
  budget?: (provider: BudgetedProvider, credentials: unknown, signal: AbortSignal) => Promise<() => void>;
  /** Deadline of one provider call (ms). */
  callTimeoutMs: number;
}

function deadlineError(provider: string, what: string, ms: number): TransientError {
  return new TransientError(`${provider} ${what} did not answer within ${ms} ms (provider call deadline)`, {
    deadlineMs: ms,
  });
}

export function instrumentProviders(registry: ProviderRegistry, deps: ProviderCallsDeps): ProviderRegistry {
  return registry.map((definition) => ({
    ...definition,
    // The runtime, when it is loaded, comes with its list calls instrumented.
    load: async (ctx) => instrumentRuntime(definition, await definition.load(ctx), deps),
  }));
}

function instrumentRuntime(
  definition: ProviderDefinition,
  runtime: ProviderRuntime,
  deps: ProviderCallsDeps,
): ProviderRuntime {
  const resources: Record<string, ResourceKind> = {};
  for (const [command, kind] of Object.entries(runtime.resources))
    resources[command] = instrumentKind(definition, runtime, command, kind, deps);
  const ms = deps.callTimeoutMs;
  const hooks: Partial<ProviderRuntime> = {};
  if (runtime.accounts)
    hooks.accounts = (conn, signal) =>
      withDeadline(ms, (s) => runtime.accounts!(conn, s), {
        parent: signal,
        onTimeout: () => deadlineError(definition.id, 'account listing', ms),
      });
  if (runtime.credentialsFor)
    hooks.credentialsFor = (conn, account) =>
      withDeadline(ms, () => runtime.credentialsFor!(conn, account), {
        onTimeout: () => deadlineError(definition.id, `credentials for ${account}`, ms),
      });
  // The runtime's own methods stay reachable (and `this` right) through the prototype.
  return Object.assign(Object.create(runtime) as ProviderRuntime, runtime, { resources }, hooks);
}

function instrumentKind(
  definition: ProviderDefinition,
  provider: ProviderRuntime,
  command: string,
  kind: ResourceKind,
  deps: ProviderCallsDeps,
): ResourceKind {
  const { metrics, log } = deps;
  const labels = { provider: definition.id, command };
  const entity = definition.commands[command]?.entity ?? 'unknown';
  const budgeted: BudgetedProvider = {
    id: definition.id,
    ...(provider.budgetKey ? { budgetKey: provider.budgetKey.bind(provider) } : {}),
    ...(provider.budgetDefaults ? { budgetDefaults: provider.budgetDefaults } : {}),
  };
  const listPage = async (input: ListPageInput<unknown>) => {
    const release = deps.budget
      ? await deps.budget(budgeted, input.connection.credentials, input.signal)
      : undefined;
    const started = performance.now();
    try {
      const page = await withDeadline(deps.callTimeoutMs, (signal) => kind.listPage({ ...input, signal }), {
        parent: input.signal,
        onTimeout: () => deadlineError(definition.id, `${command} page`, deps.callTimeoutMs),
      });
      metrics.providerCalls.observe({ ...labels, outcome: 'ok' }, (performance.now() - started) / 1000);
      metrics.pages.inc({ provider: definition.id, entity });
      return page;
    } catch (err) {
      const seconds = (performance.now() - started) / 1000;
      let typed;
      try {
        typed = provider.classifyError(err);
      } catch {
        typed = undefined;
      }
      const type = typed?.type ?? 'Unclassified';
      metrics.providerCalls.observe({ ...labels, outcome: type }, seconds);
      metrics.providerErrors.inc({ ...labels, type });
      const retryAfterMs = typed instanceof ThrottledError ? typed.retryAfterMs : undefined;
      if (type === 'Throttled') metrics.throttles.inc(labels);
      if (retryAfterMs) metrics.retryAfter.inc({ provider: definition.id }, retryAfterMs / 1000);
      if (!input.signal.aborted)
        log('warn', 'provider error', {
          event: 'provider_error',
          ...labels,
          region: input.region,
          error_type: type,
          retryable: typed?.retryable ?? true,
          error: typed?.message ?? (err as Error)?.message,
          ...(retryAfterMs ? { retry_after_ms: retryAfterMs } : {}),
        });
      throw err;
    } finally {
      release?.();
    }
  };
  return Object.assign(Object.create(kind) as ResourceKind, { listPage });
}
