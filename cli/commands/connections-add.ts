import { readFileSync } from 'node:fs';
import { BadRequestError, ConfigError } from '../../core/errors.js';
import { createConnection, PRIVATE_CALLER } from '../../services/index.js';
import { booleanFlag, EXIT, listFlag, stringFlag, UsageError, type Command } from '../command.js';
import { withContext } from '../context.js';
import { printJson, println } from '../format.js';

/** The service's field names, as this command's flags. */
const FLAG_OF_FIELD: Record<string, string> = {
  provider: '--provider',
  name: '--name',
  regions: '--region',
  tenantId: '--tenant',
  credentials: '--credentials',
};

export const command: Command = {
  name: 'connections add',
  summary: '',
  options: {
    provider: { type: 'string', value: 'provider', description: 'Provider id, e.g. aws.' },
    name: { type: 'string', value: 'name', description: "Display name (Maestro's datacenter name)." },
    region: {
      type: 'string',
      multiple: true,
      value: 'region',
      description: 'Region to crawl (repeatable), e.g. us-east-1.',
    },
    tenant: { type: 'string', value: 'id', description: "Owner tenant: the owner user's id in Maestro." },
    credentials: {
      type: 'string',
      value: 'json',
      description: 'Credentials as a JSON object, e.g. {"access":"…","secret":"…"}.',
    },
    'credentials-file': {
      type: 'string',
      value: 'path',
      description: 'Read the credentials JSON from this file ("-": standard input) instead.',
    },
    json: { type: 'boolean', description: 'Print the stored connection as JSON.' },
  },
  details: `The credentials are checked against the provider's schema and stored AES-256-GCM encrypted with
DISCOVERY_ENCRYPTION_KEY (which must be set). Prefer --credentials-file: a secret on the command line ends
up in the shell history. The credentials are never printed.`,
  async run(parsed) {
    const provider = required(stringFlag(parsed, 'provider'), 'provider');
    const name = required(stringFlag(parsed, 'name'), 'name');
    const tenantId = required(stringFlag(parsed, 'tenant'), 'tenant');
    const regions = listFlag(parsed, 'region');
    if (regions.length === 0) throw new UsageError('option --region is required (once per region)');
    const credentials = readCredentials(
      stringFlag(parsed, 'credentials'),
      stringFlag(parsed, 'credentials-file'),
    );
    return withContext(async (ctx) => {
      if (!ctx.config.encryptionKey)
        throw new ConfigError([
          'DISCOVERY_ENCRYPTION_KEY: is not set; `connections add` stores the credentials encrypted with it (64 hex characters, e.g. `openssl rand -hex 32`)',
        ]);
      let view;
      try {
        view = await createConnection(await ctx.services(), PRIVATE_CALLER, {
          provider,
          name,
          regions,
          tenantId,
          credentials,
        });
      } catch (err) {
        throw asFlagError(err);
      }
      if (booleanFlag(parsed, 'json')) printJson(view);
      else
        println(
          `added connection ${view.id} (${view.provider}, ${view.name}, regions ${view.regions.join(', ')})`,
        );
      return EXIT.ok;
    });
  },
};

function required(value: string | undefined, flag: string): string {
  if (value === undefined) throw new UsageError(`option --${flag} is required`);
  return value;
}

function readCredentials(inline: string | undefined, file: string | undefined): Record<string, unknown> {
  if ((inline === undefined) === (file === undefined))
    throw new UsageError('give the credentials with exactly one of --credentials and --credentials-file');
  const flag = inline !== undefined ? '--credentials' : '--credentials-file';
  let text = inline;
  if (file !== undefined) {
    try {
      text = readFileSync(file === '-' ? 0 : file, 'utf8');
    } catch (err) {
      throw new UsageError(`${flag}: cannot read ${file}: ${(err as Error).message}`);
    }
  }
  let value: unknown;
  try {
    value = JSON.parse(text ?? '');
  } catch {
    throw new UsageError(`${flag}: is not valid JSON`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new UsageError(`${flag}: must be a JSON object, e.g. {"access":"…","secret":"…"}`);
  return value as Record<string, unknown>;
}

/** A service error on one field (`regions.0`, `credentials.secret`) names the flag that set it. */
function asFlagError(err: unknown): unknown {
  if (!(err instanceof BadRequestError)) return err;
  const field = typeof err.details.field === 'string' ? err.details.field : '';
  const flag = FLAG_OF_FIELD[field.split('.')[0] ?? ''];
  return flag ? new UsageError(`${flag}: ${err.message}`) : err;
}
