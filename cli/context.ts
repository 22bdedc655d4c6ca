import { loadConfig, type Config } from '../core/config.js';
import { openStore, type Store } from '../store/index.js';
import { CrawlClient } from '../temporal/crawl-client.js';

/**
 * What a command talks to, opened on first use and closed by `close()`: a command that only reads the
 * ledger never connects to Temporal, and one that only queries Temporal never opens MongoDB.
 */
export class CliContext {
  readonly config: Config;
  private storeP: Promise<Store> | undefined;
  private crawlsP: Promise<CrawlClient> | undefined;

  constructor(config: Config = loadConfig()) {
    this.config = config;
  }

  store(): Promise<Store> {
    return (this.storeP ??= openStore(this.config));
  }

  crawls(): Promise<CrawlClient> {
    return (this.crawlsP ??= CrawlClient.connect(this.config));
  }

  async close(): Promise<void> {
    const closing: Promise<unknown>[] = [];
    if (this.storeP) closing.push(this.storeP.then((s) => s.close()));
    if (this.crawlsP) closing.push(this.crawlsP.then((c) => c.close()));
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
