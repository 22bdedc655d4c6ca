import { listConnections, PRIVATE_CALLER, type ConnectionView } from '../../services/index.js';
import { regionCode } from '../../core/regions.js';
import { booleanFlag, EXIT, intFlag, stringFlag, type Command } from '../command.js';
import { withContext } from '../context.js';
import { formatTable, printJson, println } from '../format.js';

const PAGE = 500;

export const command: Command = {
  name: 'connections list',
  summary: '',
  options: {
    provider: { type: 'string', value: 'provider', description: 'Only this provider (e.g. aws).' },
    limit: { type: 'string', short: 'n', value: 'n', description: 'At most this many (default 100).' },
    json: { type: 'boolean', description: 'Print a JSON array.' },
  },
  details: 'Connections of every tenant, oldest first; credentials are never shown.',
  async run(parsed) {
    const limit = intFlag(parsed, 'limit', 1, 100_000) ?? 100;
    const provider = stringFlag(parsed, 'provider');
    return withContext(async (ctx) => {
      const services = await ctx.services();
      const all: ConnectionView[] = [];
      let cursor: string | undefined;
      do {
        const page = await listConnections(services, PRIVATE_CALLER, {
          limit: Math.min(PAGE, limit - all.length),
          ...(provider ? { provider } : {}),
          ...(cursor ? { cursor } : {}),
        });
        all.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor && all.length < limit);
      if (booleanFlag(parsed, 'json')) {
        printJson(all);
        return EXIT.ok;
      }
      if (all.length === 0) {
        println('no connections');
        return EXIT.ok;
      }
      const rows = all.map((c) => [
        c.id,
        c.name,
        c.providerId ?? c.provider,
        c.regions.map((r) => regionCode(r) || r).join(','),
        c.tenantId ?? '-',
        c.format,
        c.active ? 'yes' : 'no',
        Object.entries(c.process)
          .map(([task, p]) => `${task}:${p.state}`)
          .join(' '),
      ]);
      for (const line of formatTable(
        ['id', 'name', 'provider', 'regions', 'tenant', 'credentials', 'active', 'last crawls'],
        rows,
      ))
        println(line);
      return EXIT.ok;
    });
  },
};
