import type { ProviderRegistry } from '../providers/registry.js';
import type { CommandRecipe, CredentialField, ProviderDefinition } from '../providers/types.js';
import { DEFAULT_SCHEDULES } from './schedule-defaults.js';

/**
 * The provider catalogue, derived from each provider's own metadata (`tasks`, `commands`, `catalogue`):
 * Maestro's `info.json` and `permission.json` (spec §2.3, §3) are views of it, not separate files, so
 * registering a provider adds its entries with no edit here.
 */

/** A provider by any of its names (the registry's one resolver, shared by the API and the worker). */
export function resolveProvider(registry: ProviderRegistry, name: string): ProviderDefinition | undefined {
  return registry.find(name);
}

/** The default crawl interval of a task, in seconds (0 or undefined: not scheduled by default). */
export function defaultInterval(p: ProviderDefinition, task: string): number | undefined {
  const own = p.schedules?.[task];
  return own !== undefined ? own : DEFAULT_SCHEDULES[task];
}

/** Maestro's recipe of one command as permission.json spells it (spec §3). */
export type RecipeEntry = Partial<CommandRecipe> & {
  access: string;
  command: string;
  entity: string;
  key_comparer: string;
};

/** "ec2.describeInstances" → { command: "ec2", access: "describe_instances" }. */
function splitCommand(id: string): { command: string; access: string } {
  const dot = id.indexOf('.');
  const command = dot < 0 ? '' : id.slice(0, dot);
  const op = dot < 0 ? id : id.slice(dot + 1);
  return { command, access: op.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase() };
}

/** Task name → ordered command recipes (`GET /crawler/:provider`, `/available/rules/:provider`). */
export function providerPermissions(p: ProviderDefinition): Record<string, RecipeEntry[]> {
  const out: Record<string, RecipeEntry[]> = {};
  for (const [task, ids] of Object.entries(p.tasks)) {
    const scheduled = (defaultInterval(p, task) ?? 0) > 0;
    out[task] = ids.map((id) => {
      const spec = p.commands[id];
      if (!spec) throw new Error(`provider ${p.id}: task ${task} names unknown command ${id}`);
      const { access, command } = splitCommand(id);
      return {
        access,
        command,
        entity: spec.entity,
        key_comparer: 'unique_id',
        vars: [],
        ...(scheduled ? { init_job: true } : {}),
        ...spec.recipe,
      };
    });
  }
  return out;
}

export function credentialFields(p: ProviderDefinition): CredentialField[] {
  return [...p.catalogue.credentialFields];
}

/** Maestro's info.json of a provider (client-app's connection template, spec §2.3), as the provider wrote it. */
export function providerInfo(p: ProviderDefinition): Record<string, unknown> {
  return { ...p.catalogue.info };
}

/**
 * `GET /available/<action>[/<provider>]` (spec §2.3): `info` → `{providers: <info> | [{icon,label,method}]}`,
 * `rules` → `{permissions}` of one provider or `[{name?}]` for all; an unknown provider → `{providers: []}`
 * or `[]`; an unknown action → an empty value.
 */
export function available(registry: ProviderRegistry, action: string, providerName?: string): unknown {
  const providers = [...registry.all()].sort((a, b) => a.id.localeCompare(b.id));
  if (action === 'info') {
    if (providerName === undefined) {
      return {
        providers: providers.map((p) => {
          const { icon, label, method } = providerInfo(p);
          return { icon, label, method };
        }),
      };
    }
    const p = resolveProvider(registry, providerName);
    return { providers: p ? providerInfo(p) : [] };
  }
  if (action === 'rules') {
    if (providerName === undefined) return providers.map((p) => ({ name: p.label }));
    const p = resolveProvider(registry, providerName);
    return p ? { name: p.label, permissions: providerPermissions(p) } : [];
  }
  return {};
}

/** The /v1 view of a provider: names, tasks with their default schedule, credential form, regions. */
export interface ProviderSummary {
  id: string;
  label: string;
  services: string[];
  tasks: Array<{ name: string; entities: string[]; defaultIntervalSeconds?: number }>;
  credentialFields: CredentialField[];
  regions: string[];
}

export function providerSummary(p: ProviderDefinition): ProviderSummary {
  return {
    id: p.id,
    label: p.label,
    services: [...p.services],
    tasks: Object.entries(p.tasks).map(([name, commands]) => {
      const interval = defaultInterval(p, name);
      return {
        name,
        entities: [...new Set(commands.map((c) => p.commands[c]?.entity ?? 'servers'))],
        ...(interval ? { defaultIntervalSeconds: interval } : {}),
      };
    }),
    credentialFields: credentialFields(p),
    regions: [...(p.catalogue.regions ?? [])],
  };
}
