/**
 * The configuration of the whole application: the engine's variables (core/config.ts) and each
 * registered provider's own (`ProviderDefinition.settings`, providers/index.ts), in one schema that the
 * api, the worker and the CLI load at start-up, reporting every bad variable at once.
 */
import {
  CONFIG_VARS,
  envExampleLines,
  readVars,
  type Config as EngineConfig,
  type VarSpec,
} from '../core/config.js';
import { ConfigError } from '../core/errors.js';
import { PROVIDERS, type ProviderSettings } from '../providers/index.js';
import { ProviderRegistry } from '../providers/registry.js';
import type { ProviderDefinition } from '../providers/types.js';

export type { EngineConfig };

/** The engine's settings plus `providers.<id>` for each registered provider. */
export type Config = EngineConfig & { providers: ProviderSettings };

/** Every variable of the schema, engine first, then each provider's in registration order. */
export function allVarSpecs(
  providers: readonly ProviderDefinition[] = PROVIDERS,
): Array<{ owner: string; spec: VarSpec<unknown> }> {
  return [
    ...Object.values(CONFIG_VARS).map((spec) => ({ owner: 'engine', spec: spec })),
    ...providers.flatMap((p) =>
      Object.values(p.settings as Record<string, VarSpec<unknown>>).map((spec) => ({ owner: p.id, spec })),
    ),
  ];
}

/** Reads and validates the whole configuration, listing every bad variable at once. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const engine = readVars(CONFIG_VARS, env, problems) as EngineConfig;
  const providers: Record<string, unknown> = {};
  for (const p of PROVIDERS) providers[p.id] = readVars(p.settings, env, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return { ...engine, providers: providers as ProviderSettings };
}

/** The registry of the registered providers (plus `extra` ones: the tests' and the bench's synthetic). */
export function createProviderRegistry(
  config: Pick<Config, 'providers' | 'httpTimeoutMs'>,
  extra: readonly ProviderDefinition[] = [],
): ProviderRegistry {
  return new ProviderRegistry([...PROVIDERS, ...extra], config.providers, config.httpTimeoutMs);
}

/** The text of `.env.example`, generated from the schema. */
export function envExample(): string {
  const lines = [
    "# Generated from core/config.ts and the providers' settings (a test keeps it in sync). Every variable is optional.",
    '',
  ];
  let owner = '';
  for (const v of allVarSpecs()) {
    if (v.owner !== owner && v.owner !== 'engine') lines.push(`# --- provider ${v.owner} ---`, '');
    owner = v.owner;
    lines.push(...envExampleLines([v.spec]));
  }
  return lines.join('\n');
}
