import { BadRequestError } from '../core/errors.js';
import type { Provider, ProviderDefinition, ProviderRuntime } from './types.js';

/** Lower-cased, without spaces: "Digital Ocean" and "digitalocean" are one name (spec §3.2). */
function squash(name: string): string {
  return name.trim().toLowerCase().replace(/\s+/g, '');
}

/**
 * The providers of a process, by any of their names, with each provider's runtime loaded on first use.
 * The one name resolver of the API and the worker: what the API accepts, the worker crawls.
 */
export class ProviderRegistry {
  private readonly definitions: ProviderDefinition[];
  private readonly runtimes = new Map<string, Promise<ProviderRuntime>>();

  /**
   * `settings`: each provider's loaded settings by provider id (`Config.providers`); `httpTimeoutMs`:
   * the engine's outbound timeout.
   */
  constructor(
    definitions: readonly ProviderDefinition[],
    private readonly settings: Readonly<Record<string, unknown>>,
    private readonly httpTimeoutMs: number,
    private readonly maestroToken?: () => Promise<string>,
  ) {
    const seen = new Set<string>();
    for (const d of definitions) {
      for (const name of new Set([d.id, d.label, ...d.services].map(squash))) {
        if (seen.has(name)) throw new Error(`provider name "${name}" is declared twice (provider ${d.id})`);
        seen.add(name);
      }
    }
    this.definitions = [...definitions];
  }

  all(): ProviderDefinition[] {
    return [...this.definitions];
  }

  /**
   * By any of its names, case- and space-insensitively: registry id ("aws"), label ("AWS"), or a Maestro
   * service key or alias the provider declares ("iam_aws"; "token_do" | "Digital Ocean").
   */
  find(name: string): ProviderDefinition | undefined {
    const want = squash(name);
    if (want === '') return undefined;
    return this.definitions.find((p) => [p.id, p.label, ...p.services].some((n) => squash(n) === want));
  }

  /** The provider of a connection: by its `service`, else its `provider` label. */
  forConnection(conn: { provider?: unknown; service?: unknown }): ProviderDefinition {
    const byName = (v: unknown) => (typeof v === 'string' ? this.find(v) : undefined);
    const p = byName(conn.service) ?? byName(conn.provider);
    if (!p)
      throw new BadRequestError(
        'service',
        `no provider for service "${String(conn.service)}" / provider "${String(conn.provider)}" (known: ${this.definitions.map((d) => d.id).join(', ')})`,
      );
    return p;
  }

  /** The provider with its runtime, loading the runtime (and so its SDK) on first use. */
  async load(definition: ProviderDefinition): Promise<Provider> {
    let runtime = this.runtimes.get(definition.id);
    if (!runtime) {
      runtime = definition.load({
        settings: this.settings[definition.id],
        httpTimeoutMs: this.httpTimeoutMs,
        ...(this.maestroToken ? { maestroToken: this.maestroToken } : {}),
      });
      runtime.catch(() => this.runtimes.delete(definition.id));
      this.runtimes.set(definition.id, runtime);
    }
    return { ...definition, ...(await runtime) };
  }

  /** A registry of the same providers and settings with each definition replaced by `fn`'s (instrumentation). */
  map(fn: (definition: ProviderDefinition) => ProviderDefinition): ProviderRegistry {
    return new ProviderRegistry(
      this.definitions.map(fn),
      this.settings,
      this.httpTimeoutMs,
      this.maestroToken,
    );
  }

  /** The runtimes loaded so far (a provider never used is never loaded). */
  loaded(): string[] {
    return [...this.runtimes.keys()];
  }

  /** Closes the loaded runtimes' clients. */
  async close(): Promise<void> {
    const runtimes = await Promise.allSettled(this.runtimes.values());
    for (const r of runtimes) if (r.status === 'fulfilled') r.value.close?.();
    this.runtimes.clear();
  }
}
