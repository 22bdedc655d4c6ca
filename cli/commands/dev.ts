import { startApi } from '../../api/main.js';
import { loadConfig } from '../../config/index.js';
import { errorMessage } from '../../core/errors.js';
import { startDevServer } from '../../temporal/dev-server.js';
import { runWorker, installRuntime } from '../../worker/main.js';
import { EXIT, intFlag, stringFlag, UsageError, type Command } from '../command.js';
import {
  DEFAULT_DATA_DIR,
  installPeers,
  isExecutable,
  onPath,
  PEER_FERRETDB,
  PEER_TEMPORAL,
  startEmbeddedMongo,
} from '../dev-peers.js';
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
    'data-dir': {
      type: 'string',
      value: 'path',
      description: `Folder of the embedded MongoDB-wire server's data when MONGODB_URI is not set (default: .peers/dev-data).`,
    },
  },
  details: `Runs everything locally, by itself: a Temporal dev server (\`temporal server start-dev\`, from
TEMPORAL_CLI_PATH, else PATH, else .peers/) on TEMPORAL_ADDRESS (default 127.0.0.1:7233), a worker and
the API (MAESTRO_PORT, default 5000). MongoDB is MONGODB_URI when set; unset, an embedded MongoDB-wire
server (FerretDB, from .peers/) keeps its data in --data-dir (default .peers/dev-data) on 127.0.0.1:27017
(or a free port). Peers missing from .peers/ are installed first, as \`npm run demo\` does. Prints the API,
docs, Web UI and MongoDB addresses. Ctrl-C or SIGTERM stops the API, then the worker (running
activities get DISCOVERY_SHUTDOWN_GRACE_SECONDS), then the Temporal server and the MongoDB-wire
server. If one of them dies, the others are stopped too.`,
  async run(parsed) {
    let config = loadConfig();
    const { host, port } = parseAddress(config.temporalAddress);
    const uiPort = intFlag(parsed, 'ui-port', 1, 65535) ?? port + 1000;
    const dbFile = stringFlag(parsed, 'db-file');
    const dataDir = stringFlag(parsed, 'data-dir') ?? DEFAULT_DATA_DIR;
    // An empty MONGODB_URI counts as unset (a template's blank line).
    const embedMongo = !process.env.MONGODB_URI && !process.env.MAESTRO_MONGO_URI;
    // The default `temporal` is looked up on PATH; a newcomer has it only in .peers/ (npm run demo).
    const useTemporalPeer = config.temporalCliPath === 'temporal' && !onPath('temporal');
    const cliPath = useTemporalPeer ? PEER_TEMPORAL : config.temporalCliPath;
    if ((useTemporalPeer && !isExecutable(PEER_TEMPORAL)) || (embedMongo && !isExecutable(PEER_FERRETDB)))
      installPeers(println);

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
      if (embedMongo) {
        println(`discovery dev: starting the embedded MongoDB-wire server (FerretDB), data in ${dataDir}`);
        const mongo = await startEmbeddedMongo(dataDir);
        process.once('exit', () => mongo.killNow());
        stops.push({ name: 'MongoDB-wire server', stop: () => mongo.stop() });
        config = { ...config, mongoUri: mongo.uri };
        void mongo.exited.then((how) => {
          if (!interrupted) process.stderr.write(`discovery dev: the MongoDB-wire server ended (${how})\n`);
        });
        if (interrupted) return await stopped(stopAll, interrupted);
      }
      println(`discovery dev: starting the Temporal dev server (${cliPath}) on ${host}:${port}`);
      const server = await startDevServer({
        cliPath,
        host,
        port,
        uiPort,
        namespace: config.temporalNamespace,
        ...(dbFile ? { dbFile } : {}),
      });
      process.once('exit', () => server.killNow());
      stops.push({ name: 'Temporal dev server', stop: () => server.stop() });
      if (interrupted) return await stopped(stopAll, interrupted);

      await installRuntime(config, false);
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
      println(`discovery dev: Docs      ${api.url}/docs`);
      println(`discovery dev: Temporal  ${server.address}  namespace ${config.temporalNamespace}`);
      println(`discovery dev: Web UI    ${server.uiUrl}`);
      println(
        `discovery dev: MongoDB   ${redact(config.mongoUri)}  database ${config.mongoDatabase}` +
          (embedMongo ? `  (embedded FerretDB, data in ${dataDir})` : ''),
      );
      if (embedMongo)
        println(
          `discovery dev: from another shell: export MONGODB_URI=${config.mongoUri} TEMPORAL_ADDRESS=${server.address}`,
        );
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
