import type { Config } from '../core/config.js';
import type { ProviderRegistry } from '../providers/registry.js';
import type { Store } from '../store/index.js';
import type { CrawlClient } from '../temporal/crawl-client.js';

/**
 * What every domain operation needs, passed explicitly: the API builds it once per process, the CLI once
 * per command, tests per file.
 */
export interface ServiceDeps {
  config: Config;
  store: Store;
  providers: ProviderRegistry;
  /** Temporal access (crawls and schedules). */
  crawls: CrawlClient;
  now?: () => Date;
}

/**
 * On whose behalf an operation runs. A user (user token) sees and changes only its tenant's connections,
 * inventory, runs and schedules; another tenant's ids are "not found". A private (service) caller, such
 * as Maestro's server-app or the CLI, acts for any tenant.
 */
export type Caller = { kind: 'private' } | { kind: 'user'; tenantId: string };

export const PRIVATE_CALLER: Caller = { kind: 'private' };

/** The tenant an operation is restricted to, or undefined for any. */
export function callerTenant(caller: Caller): string | undefined {
  return caller.kind === 'user' ? caller.tenantId : undefined;
}

export function now(deps: Pick<ServiceDeps, 'now'>): Date {
  return deps.now ? deps.now() : new Date();
}
