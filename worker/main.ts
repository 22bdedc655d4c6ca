import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';
import { loadConfig } from '../core/config.js';
import { ConfigError } from '../core/errors.js';
import { createWorker } from './create-worker.js';

/**
 * The worker process: registers the workflows and activities and runs until SIGINT/SIGTERM, when it
 * stops polling and gives running activities DISCOVERY_SHUTDOWN_GRACE_SECONDS to finish.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  Runtime.install({
    shutdownSignals: ['SIGINT', 'SIGTERM'],
    logger: new DefaultLogger(config.logLevel.toUpperCase() as LogLevel),
  });
  const handle = await createWorker({ config });
  console.log(
    `discovery worker: task queue "${config.taskQueue}" on ${config.temporalAddress} (namespace ${config.temporalNamespace})`,
  );
  await handle.run();
  console.log('discovery worker: stopped');
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
