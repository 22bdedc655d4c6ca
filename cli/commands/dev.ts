import { startApi } from '../../api/main.js';
import { loadConfig } from '../../config/index.js';
import { errorMessage } from '../../core/errors.js';
import { startDevServer } from '../../temporal/dev-server.js';
import { runWorker, installRuntime } from '../../worker/main.js';
import { EXIT, intFlag, stringFlag, UsageError, type Command } from '../command.js';
import { println } from '../format.js';

export const command: Command = {
  name: 'dev',
  summary: '',
  options: {
    'ui-port': {
      type: 'string',
      value: 'port',
      description: "Port of Temporal's Web UI (default: the Temporal port + 1000, e.g. 8233).",
    },
    'db-file': {
      type: 'string',
      value: 'path',
      description: 'Keep the Temporal server state in this SQLite file (default: in memory).',
    },
  },
  details: `Starts a Temporal dev server (\`temporal server start-dev\`, from TEMPORAL_CLI_PATH or PATH) on
TEMPORAL_ADDRESS (default 127.0.0.1:7233), a worker and the API (MAESTRO_PORT, default 5000), all in
this one process and its child; MongoDB is MONGODB_URI (not started here). Prints the API and Web UI
addresses. Ctrl-C or SIGTERM stops the API, then the worker (running activities get
DISCOVERY_SHUTDOWN_GRACE_SECONDS), then the Temporal server. If one of them dies, the others are stopped too.`,
  async run(parsed) {
    const config = loadConfig();
    const { host, port } = parseAddress(config.temporalAddress);
    const uiPort = intFlag(parsed, 'ui-port', 1, 65535) ?? port + 1000;
    const dbFile = stringFlag(parsed, 'db-file');

    let interrupted: string | undefined;
    const interruption = new Promise<string>((resolve) => {
      const on = (signal: NodeJS.Signals): void => {
        interrupted ??= signal;
        resolve(signal);
      };
      process.once('SIGINT', on);
      process.once('SIGTERM', on);
    });
    const stops: Array<{ name: string; stop: () => Promise<void> }> = [];
    const stopAll = async (): Promise<void> => {
      for (const s of stops.reverse()) {
        try {
          await s.stop();
        } catch (err) {
          process.stderr.write(`discovery dev: while stopping the ${s.name}: ${errorMessage(err)}\n`);
        }
      }
    };

    try {
      println(
        `discovery dev: starting the Temporal dev server (${config.temporalCliPath}) on ${host}:${port}`,
      );
      const server = await startDevServer({
        cliPath: config.temporalCliPath,
        host,
        port,
        uiPort,
        namespace: config.temporalNamespace,
        ...(dbFile ? { dbFile } : {}),
      });
      process.once('exit', () => server.killNow());
      stops.push({ name: 'Temporal dev server', stop: () => server.stop() });
      if (interrupted) return await stopped(stopAll, interrupted);

      installRuntime(config, false);
      let stopWorker: () => void = () => undefined;
      let ready: () => void = () => undefined;
      const workerReady = new Promise<void>((resolve) => (ready = resolve));
      const worker = runWorker(config, {
        handleSignals: false,
        onReady: (stop) => {
          stopWorker = stop;
          ready();
        },
      });
      const workerEnded = worker.then(
        () => 'the worker stopped',
        (err: unknown) => `the worker failed: ${errorMessage(err)}`,
      );
      const early = await Promise.race([workerReady.then(() => undefined), workerEnded]);
      if (early) throw new Error(early);
      stops.push({
        name: 'worker',
        stop: async () => {
          stopWorker();
          await worker;
        },
      });
      if (interrupted) return await stopped(stopAll, interrupted);

      const api = await startApi(config);
      stops.push({ name: 'API', stop: () => api.close() });
      println(`discovery dev: API       ${api.url}  (OpenAPI docs: ${api.url}/docs)`);
      println(`discovery dev: Temporal  ${server.address}  namespace ${config.temporalNamespace}`);
      println(`discovery dev: Web UI    ${server.uiUrl}`);
      println(`discovery dev: MongoDB   ${redact(config.mongoUri)}  database ${config.mongoDatabase}`);
      println('discovery dev: ready; Ctrl-C stops everything');

      const reason = await Promise.race([
        interruption,
        server.exited.then((how) => `the Temporal dev server ended (${how})`),
        workerEnded,
      ]);
      return await stopped(stopAll, reason);
    } catch (err) {
      await stopAll();
      throw err;
    }
  },
};

async function stopped(stopAll: () => Promise<void>, reason: string): Promise<number> {
  println(`discovery dev: ${reason}; stopping`);
  await stopAll();
  println('discovery dev: stopped');
  return reason === 'SIGINT' || reason === 'SIGTERM' ? EXIT.ok : EXIT.failed;
}

function parseAddress(address: string): { host: string; port: number } {
  const m = /^(.+):(\d+)$/.exec(address.trim());
  const port = Number(m?.[2]);
  if (!m?.[1] || !(port > 0 && port < 65536))
    throw new UsageError(
      `TEMPORAL_ADDRESS must be host:port for the dev server to listen on, got "${address}"`,
    );
  return { host: m[1], port };
}

/** The URI without its password. */
function redact(uri: string): string {
  try {
    const u = new URL(uri);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return uri.replace(/\/\/[^@/]*@/, '//***@');
  }
}
