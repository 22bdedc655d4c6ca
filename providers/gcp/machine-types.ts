/**
 * vCPUs and memory of machine types (the servers' cpu/memory: the original's §7.5 flavor hook, done at
 * listing time so normalize stays pure). One `machineTypes.get` per (zone, type) not yet known, cached
 * process-wide for an hour: the catalogue is Google's, the same for every project. Custom types
 * (`n2-custom-4-16384`) are parsed from their name and never fetched. A type the key may not read or
 * that does not exist is left out (servers are still listed) and remembered as unknown; other failures
 * leave it out of this page only.
 */
import type { MachineTypeSpec } from './resources/instances.js';
import { customMachineType } from './resources/instances.js';
import type { GcpClients } from './clients.js';
import { callOptions } from './clients.js';

const TTL_MS = 60 * 60 * 1000;

interface Entry {
  spec: MachineTypeSpec | undefined;
  at: number;
}

export class MachineTypeCache {
  private readonly entries = new Map<string, Entry>();
  /** Catalogue calls made (tests check the cache with it). */
  fetches = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** Specs of `zone/name` keys, fetching (in parallel) those not cached. */
  async lookup(
    clients: GcpClients,
    project: string,
    wanted: Array<{ zone: string; name: string }>,
  ): Promise<Map<string, MachineTypeSpec | undefined>> {
    const out = new Map<string, MachineTypeSpec | undefined>();
    const missing: Array<{ zone: string; name: string; key: string }> = [];
    for (const w of wanted) {
      const key = `${w.zone}/${w.name}`;
      if (out.has(key)) continue;
      const custom = customMachineType(w.name);
      const cached = this.entries.get(key);
      if (custom) out.set(key, custom);
      else if (cached && this.now() - cached.at < TTL_MS) out.set(key, cached.spec);
      else if (!missing.some((m) => m.key === key)) missing.push({ ...w, key });
    }
    await Promise.all(
      missing.map(async (m) => {
        this.fetches += 1;
        let spec: MachineTypeSpec | undefined;
        try {
          const [mt] = await clients
            .computeClient('machineTypes')
            .get({ project, zone: m.zone, machineType: m.name }, callOptions(clients.endpoint));
          if (typeof mt.guestCpus === 'number' && typeof mt.memoryMb === 'number')
            spec = { guestCpus: mt.guestCpus, memoryMb: mt.memoryMb };
        } catch (err) {
          // Unknown (404) or not readable (403) is remembered; anything else is asked again next time.
          const code = (err as { code?: unknown }).code;
          out.set(m.key, undefined);
          if (code !== 5 && code !== 7 && code !== 404 && code !== 403) return;
        }
        this.entries.set(m.key, { spec, at: this.now() });
        out.set(m.key, spec);
      }),
    );
    return out;
  }
}

export const machineTypeCache = new MachineTypeCache();
