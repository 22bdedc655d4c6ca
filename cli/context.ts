import { loadConfig, type Config } from '../config/index.js';
import { openServices, type OpenServices } from '../services/open.js';
import type { Store } from '../store/index.js';
import { CrawlClient } from '../temporal/crawl-client.js';

/**
 * What a command talks to, opened on first use and closed by `close()`: the domain services (MongoDB,
 * providers, a lazily connected Temporal client) shared with the API, or, for a command that only
 * needs Temporal (`replay`), a Temporal client alone, so it works without MongoDB.
 */
export class CliContext {
  readonly config: Config;
  private servicesP: Promise<OpenServices> | undefined;
  private temporalP: Promise<CrawlClient> | undefined;

  constructor(config: Config = loadConfig()) {
    this.config = config;
  }

  services(): Promise<OpenServices> {
    return (this.servicesP ??= openServices(this.config));
  }

  async store(): Promise<Store> {
    return (await this.services()).store;
  }

  /** The services' Temporal client, or a client of its own when the services are not open. */
  async crawls(): Promise<CrawlClient> {
    if (this.servicesP) return (await this.servicesP).crawls;
    return (this.temporalP ??= CrawlClient.connect(this.config));
  }

  async close(): Promise<void> {
    const closing: Promise<unknown>[] = [];
    if (this.servicesP) closing.push(this.servicesP.then((s) => s.close()));
    if (this.temporalP) closing.push(this.temporalP.then((c) => c.close()));
    await Promise.allSettled(closing);
  }
}

/** Runs `fn` with a context, closing it whatever happens. */
export async function withContext<T>(fn: (ctx: CliContext) => Promise<T>): Promise<T> {
  const ctx = new CliContext();
  try {
    return await fn(ctx);
  } finally {
    await ctx.close();
  }
}
