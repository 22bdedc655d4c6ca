/**
 * One provider page per call (the crawl's `listPage`): the command's list operation after the stored
 * marker, servers enriched with the negotiated microversion and, below 2.47, their flavor's size.
 */
import { COMMANDS, type CommandId } from './commands.js';
import type { OpenStackServices } from './services.js';
import { COMPUTE_VERSION_FIELD, FLAVOR_FIELD } from './resources/servers.js';

export interface OpenStackPageInput {
  region: string;
  pageSize: number;
  /** The marker of the page to read (the previous page's last id, from its next link). */
  token: string | undefined;
  signal: AbortSignal;
}

export async function listCommandPage(
  services: OpenStackServices,
  command: CommandId,
  input: OpenStackPageInput,
): Promise<{ items: unknown[]; nextToken: string | undefined }> {
  const { op } = COMMANDS[command];
  const page = await services.listPage(op, input.region, input.pageSize, input.token, input.signal);
  let items: Record<string, unknown>[] = page.items;
  if (op.service === 'compute' && page.microversion) {
    items = items.map((i) => ({ ...i, [COMPUTE_VERSION_FIELD]: page.microversion }));
  }
  if (command === 'compute.servers') {
    items = await Promise.all(
      items.map(async (s) => {
        const flavor = (s.flavor ?? {}) as { id?: string; vcpus?: number };
        if (flavor.vcpus !== undefined || typeof flavor.id !== 'string') return s;
        const f = await services.flavor(input.region, flavor.id, input.signal);
        return f ? { ...s, [FLAVOR_FIELD]: { vcpus: f.vcpus, ram: f.ram } } : s;
      }),
    );
  }
  return { items, nextToken: page.marker };
}
