import { disabledStepsLine } from '../activities/notify.js';
import { pathToFileURL } from 'node:url';
import { loadConfig, type Config } from '../config/index.js';
import { ConfigError } from '../core/errors.js';
import { ApiMetrics } from '../observability/metrics.js';
import { tracingFromEnv } from '../observability/tracing.js';
import { openServices } from '../services/open.js';
import { REDACT, buildApp } from './app.js';

let metrics: ApiMetrics | undefined;
/** One registry per process (`discovery dev` may start the API more than once in tests). */
function apiMetrics(): ApiMetrics {
  return (metrics ??= new ApiMetrics());
}

export interface RunningApi {
  url: string;
  close(): Promise<void>;
}

/**
 * Opens the store and the (lazy) Temporal client, builds the app and listens on DISCOVERY_API_HOST:MAESTRO_PORT
 * (port 0: any free port). `close()` stops accepting requests, lets in-flight ones finish (at most
 * DISCOVERY_API_SHUTDOWN_GRACE_SECONDS) and closes MongoDB and Temporal.
 */
export async function startApi(config: Config): Promise<RunningApi> {
  await tracingFromEnv('discovery-api');
  const services = await openServices(config);
  let app;
  try {
    app = await buildApp({
      services,
      logger: { level: config.logLevel, redact: { paths: REDACT, censor: '[redacted]' } },
      ...(config.apiMetrics ? { metrics: apiMetrics() } : {}),
    });
    await app.listen({ host: config.apiHost, port: config.port });
  } catch (err) {
    await services.close();
    throw err;
  }
  // One line at start-up, whoever starts the API (`discovery api`, `npm run api`).
  const off = disabledStepsLine(config);
  if (off) process.stdout.write(`${off}\n`);
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  const host = config.apiHost === '0.0.0.0' || config.apiHost === '::' ? '127.0.0.1' : config.apiHost;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      (closing ??= (async () => {
        const grace = setTimeout(
          () => app.server.closeAllConnections(),
          config.apiShutdownGraceSeconds * 1000,
        );
        grace.unref();
        try {
          await app.close();
        } finally {
          clearTimeout(grace);
          await services.close();
        }
      })()),
  };
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`discovery api: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const api = await startApi(config);
  process.stdout.write(`discovery api listening on ${api.url} (docs: ${api.url}/docs)\n`);

  const stop = (signal: string) => {
    process.stdout.write(`discovery api: ${signal}, shutting down\n`);
    api.close().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`discovery api: shutdown failed: ${String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    process.stderr.write(`discovery api: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
