import { loadConfig } from '../../config/index.js';
import { runWorker } from '../../worker/main.js';
import { EXIT, type Command } from '../command.js';

export const command: Command = {
  name: 'worker',
  summary: '',
  details: `Connects to TEMPORAL_ADDRESS (namespace TEMPORAL_NAMESPACE), polls TEMPORAL_TASK_QUEUE and writes
to MONGODB_URI. Several workers may run at once, on one machine or many: Temporal spreads the
crawls' activities over them. SIGINT/SIGTERM stops polling and gives running activities
DISCOVERY_SHUTDOWN_GRACE_SECONDS to finish.`,
  async run() {
    await runWorker(loadConfig());
    return EXIT.ok;
  },
};
