import { deleteConnection, PRIVATE_CALLER } from '../../services/index.js';
import { arg, booleanFlag, EXIT, type Command } from '../command.js';
import { withContext } from '../context.js';
import { printJson, println } from '../format.js';

export const command: Command = {
  name: 'connections rm',
  summary: '',
  positionals: [{ name: 'connection', description: 'Connection id.' }],
  options: { json: { type: 'boolean', description: 'Print {"id", "removed"} as JSON.' } },
  details: 'Deletes the connection document; its inventory, runs and change history stay (as in Maestro).',
  async run(parsed) {
    const id = arg(parsed, 'connection');
    return withContext(async (ctx) => {
      await deleteConnection(await ctx.services(), PRIVATE_CALLER, id);
      if (booleanFlag(parsed, 'json')) printJson({ id, removed: true });
      else println(`removed connection ${id} (its inventory, runs and change history are kept)`);
      return EXIT.ok;
    });
  },
};
