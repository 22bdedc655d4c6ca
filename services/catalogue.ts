import type { ProviderRegistry } from '../providers/registry.js';
import type { CredentialField, Provider } from '../providers/types.js';
import { DEFAULT_SCHEDULES } from './schedule-defaults.js';

/**
 * The provider catalogue, derived from each provider's own metadata (`tasks`, `resources`, `catalogue`):
 * Maestro's `info.json` and `permission.json` (spec §2.3, §3) are views of it, not separate files.
 */

/** Lower-cased, without spaces: "Digital Ocean" and "digitalocean" are one name (spec §3.2). */
function squash(name: string): string {
  return name.trim().toLowerCase().replace(/\s+/g, '');
}

/**
 * A provider by any of its names, case- and space-insensitively: registry id ("aws"), label ("AWS"),
 * or a Maestro service key or alias the provider declares ("iam_aws"; "token_do" | "Digital Ocean").
 */
export function resolveProvider(registry: ProviderRegistry, name: string): Provider | undefined {
  const want = squash(name);
  if (want === '') return undefined;
  return registry.all().find((p) => [p.id, p.label, ...p.services].some((n) => squash(n) === want));
}

/** Maestro's recipe of one command (permission.json, spec §3), as far as Discovery has it. */
export interface CommandRecipe {
  access: string;
  command: string;
  entity: string;
  family?: string;
  provider?: string;
  key_comparer: string;
  init_job?: boolean;
}

/** "ec2.describeInstances" → { command: "ec2", access: "describe_instances" }. */
function splitCommand(id: string): { command: string; access: string } {
  const dot = id.indexOf('.');
  const command = dot < 0 ? '' : id.slice(0, dot);
  const op = dot < 0 ? id : id.slice(dot + 1);
  return { command, access: op.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase() };
}

/** Task name → ordered command recipes (`GET /crawler/:provider`, `/available/rules/:provider`). */
export function providerPermissions(p: Provider): Record<string, CommandRecipe[]> {
  const out: Record<string, CommandRecipe[]> = {};
  for (const [task, commands] of Object.entries(p.tasks)) {
    out[task] = commands.map((id, i) => {
      const kind = p.resources[id];
      const labels = p.catalogue?.commandLabels?.[id] ?? {};
      const entity = kind?.entity ?? 'servers';
      return {
        ...splitCommand(id),
        entity,
        ...(labels.family ? { family: labels.family } : {}),
        ...(labels.provider ? { provider: labels.provider } : {}),
        key_comparer: labels.keyComparer ?? 'unique_id',
        ...(i === 0 && DEFAULT_SCHEDULES[task] !== undefined ? { init_job: true } : {}),
      };
    });
  }
  return out;
}

export function credentialFields(p: Provider): CredentialField[] {
  return p.catalogue?.credentialFields ?? [];
}

/** Maestro's info.json of a provider (the UI's connection template, spec §2.3). */
export function providerInfo(p: Provider): Record<string, unknown> {
  const regions = p.catalogue?.regions ?? [];
  return {
    icon: p.catalogue?.icon ?? `${p.id}.png`,
    label: p.label,
    method: p.catalogue?.method ?? ['API'],
    dc: p.label,
    data: [
      {
        label: p.catalogue?.method?.[0] ?? 'API',
        service: p.services[0] ?? p.id,
        template: {
          intro: p.catalogue?.intro ?? '',
          dc: [true, regions.length > 0],
          conn: credentialFields(p).map((f) => ({
            type: f.secret ? 'password' : 'text',
            metas: { name: f.name, label: f.label, placeholder: f.label },
            validate: f.optional ? [] : ['required'],
          })),
          extra: [],
          ...(regions.length > 0 ? { regions } : {}),
        },
      },
    ],
  };
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

export function providerSummary(p: Provider): ProviderSummary {
  return {
    id: p.id,
    label: p.label,
    services: [...p.services],
    tasks: Object.entries(p.tasks).map(([name, commands]) => ({
      name,
      entities: [...new Set(commands.map((c) => p.resources[c]?.entity ?? 'servers'))],
      ...(DEFAULT_SCHEDULES[name] !== undefined ? { defaultIntervalSeconds: DEFAULT_SCHEDULES[name] } : {}),
    })),
    credentialFields: credentialFields(p),
    regions: [...(p.catalogue?.regions ?? [])],
  };
}
