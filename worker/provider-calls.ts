import { ThrottledError } from '../core/errors.js';
import type { LogFn } from '../observability/log.js';
import type { WorkerMetrics } from '../observability/metrics.js';
import { ProviderRegistry } from '../providers/registry.js';
import type { ListPageInput, Provider, ResourceKind } from '../providers/types.js';

/**
 * The one place where provider calls are observed and budgeted: every `listPage` of every provider
 * of the worker's registry goes through `instrumentProviders`. Per call: the account's rate budget
 * (when one is given), latency, pages and items, and on failure the provider's own classification
 * (metrics by error type, throttles and retry-after waits, and one warn line). The error itself is
 * rethrown untouched: the fetch step classifies it again and Temporal retries it.
 */
export interface ProviderCallsDeps {
  metrics: WorkerMetrics;
  log: LogFn;
  /** Waits until the call may go (the account's shared budget); resolves to a release function. */
  budget?: (provider: Provider, credentials: unknown, signal: AbortSignal) => Promise<() => void>;
}

export function instrumentProviders(registry: ProviderRegistry, deps: ProviderCallsDeps): ProviderRegistry {
  return new ProviderRegistry(registry.all().map((p) => instrumentProvider(p, deps)));
}

function instrumentProvider(provider: Provider, deps: ProviderCallsDeps): Provider {
  const resources: Record<string, ResourceKind> = {};
  for (const [command, kind] of Object.entries(provider.resources))
    resources[command] = instrumentKind(provider, kind, deps);
  // The provider's own methods stay reachable (and `this` right) through the prototype.
  return Object.assign(Object.create(provider) as Provider, { resources });
}

function instrumentKind(provider: Provider, kind: ResourceKind, deps: ProviderCallsDeps): ResourceKind {
  const { metrics, log } = deps;
  const labels = { provider: provider.id, command: kind.command };
  const listPage = async (input: ListPageInput<unknown>) => {
    const release = deps.budget ? await deps.budget(provider, input.credentials, input.signal) : undefined;
    const started = performance.now();
    try {
      const page = await kind.listPage(input);
      metrics.providerCalls.observe({ ...labels, outcome: 'ok' }, (performance.now() - started) / 1000);
      metrics.pages.inc({ provider: provider.id, entity: kind.entity });
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
      if (retryAfterMs) metrics.retryAfter.inc({ provider: provider.id }, retryAfterMs / 1000);
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
