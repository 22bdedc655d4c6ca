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
import { privateToken } from '../core/http.js';
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
  // A spec several providers share (the file sources' MAESTRO_SERVER_URI) is one variable: listed once.
  const seen = new Set<VarSpec<unknown>>();
  return [
    ...Object.values(CONFIG_VARS).map((spec) => ({ owner: 'engine', spec: spec })),
    ...providers.flatMap((p) =>
      Object.values(p.settings as Record<string, VarSpec<unknown>>).map((spec) => ({ owner: p.id, spec })),
    ),
  ].filter(({ spec }) => (seen.has(spec) ? false : (seen.add(spec), true)));
}

/** Reads and validates the whole configuration, listing every bad variable at once. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const engine = readVars(CONFIG_VARS, env, problems) as EngineConfig;
  const providers: Record<string, unknown> = {};
  for (const p of PROVIDERS) providers[p.id] = readVars(p.settings, env, problems);
  // A shared spec is read by each provider that declares it: report a bad value once.
  if (problems.length > 0) throw new ConfigError([...new Set(problems)]);
  return { ...engine, providers: providers as ProviderSettings };
}

/** The registry of the registered providers (plus `extra` ones: the tests' and the bench's synthetic). */
export function createProviderRegistry(
  config: Pick<Config, 'providers' | 'httpTimeoutMs'> & Partial<Pick<Config, 'secretJwtPrivate' | 'noauth'>>,
  extra: readonly ProviderDefinition[] = [],
): ProviderRegistry {
  const { secretJwtPrivate, noauth } = config;
  let token: Promise<string> | undefined;
  // Maestro's private token, minted once, for providers that call Maestro's services (ProviderContext).
  const maestroToken =
    secretJwtPrivate !== undefined && noauth !== undefined
      ? () => (token ??= privateToken(secretJwtPrivate, noauth))
      : undefined;
  return new ProviderRegistry([...PROVIDERS, ...extra], config.providers, config.httpTimeoutMs, maestroToken);
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

/** A table cell: `|` escaped, no line break. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

/**
 * The README's configuration table, one row per variable of the schema (engine, then each provider's):
 * name (¹: Maestro's original name), default, meaning (and aliases). `npm run readme:config` writes it
 * between the README's `config-table` markers; a unit test keeps the two in sync.
 */
export function configTableRows(): string[][] {
  return allVarSpecs().map(({ spec }) => {
    const dflt = Array.isArray(spec.default) ? spec.default.join(',') : String(spec.default);
    const alias = spec.aliases?.length ? ` Alias: ${spec.aliases.map((a) => `\`${a}\``).join(', ')}.` : '';
    return [
      `\`${spec.env}\`${spec.original ? ' ¹' : ''}`,
      dflt === '' ? '_(empty)_' : `\`${cell(dflt)}\``,
      cell(`${spec.doc}${alias}`),
    ];
  });
}

export function configTable(): string {
  const rows = [['Variable', 'Default', 'Meaning'], ['---', '---', '---'], ...configTableRows()];
  return rows.map((r) => `| ${r.join(' | ')} |`).join('\n');
}
