import type { Config } from '../core/config.js';
import { BadRequestError } from '../core/errors.js';
import { createAwsProvider } from './aws/index.js';
import type { Provider } from './types.js';

/** The typed static map of providers, built once per process from the configuration. */
export class ProviderRegistry {
  private readonly byId = new Map<string, Provider>();
  constructor(providers: Provider[]) {
    for (const p of providers) this.byId.set(p.id, p);
  }

  all(): Provider[] {
    return [...this.byId.values()];
  }

  /** By registry id, label or Maestro service key, case-insensitively ("AWS", "aws", "iam_aws"). */
  find(name: string): Provider | undefined {
    const want = name.trim().toLowerCase();
    const exact = this.byId.get(want);
    if (exact) return exact;
    return this.all().find(
      (p) => p.label.toLowerCase() === want || p.services.some((s) => s.toLowerCase() === want),
    );
  }

  forConnection(conn: { provider?: string; service?: string }): Provider {
    const p = (conn.service && this.find(conn.service)) || (conn.provider && this.find(conn.provider));
    if (!p)
      throw new BadRequestError(
        'service',
        `no provider for service "${conn.service}" / provider "${conn.provider}"`,
      );
    return p;
  }
}

export function createProviderRegistry(
  config: Pick<Config, 'awsEndpointUrl' | 'httpTimeoutMs' | 'awsOwnerIds'>,
  extra: Provider[] = [],
): ProviderRegistry {
  return new ProviderRegistry([
    createAwsProvider({
      endpoint: config.awsEndpointUrl,
      timeoutMs: config.httpTimeoutMs,
      ownerIds: config.awsOwnerIds,
    }),
    ...extra,
  ]);
}
