import { startApi } from '../../api/main.js';
import { loadConfig } from '../../config/index.js';
import { EXIT, type Command } from '../command.js';
import { println } from '../format.js';

export const command: Command = {
  name: 'api',
  summary: '',
  details: `Listens on DISCOVERY_API_HOST:MAESTRO_PORT; reads MongoDB (MONGODB_URI) and starts, queries and
cancels crawls through Temporal (TEMPORAL_ADDRESS); workers do the crawling. SIGINT/SIGTERM stops
accepting requests and gives in-flight ones DISCOVERY_API_SHUTDOWN_GRACE_SECONDS.`,
  async run() {
    const config = loadConfig();
    const signal = new Promise<string>((resolve) => {
      process.once('SIGINT', () => resolve('SIGINT'));
      process.once('SIGTERM', () => resolve('SIGTERM'));
    });
    const api = await startApi(config);
    println(`discovery api: listening on ${api.url} (OpenAPI docs: ${api.url}/docs)`);
    println(`discovery api: ${await signal}; stopping`);
    await api.close();
    println('discovery api: stopped');
    return EXIT.ok;
  },
};
