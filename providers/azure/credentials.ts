import { InvalidCredentialsError } from '../../core/errors.js';

/**
 * A service principal (spec §3.2 `sub_azure`: the original's `client`, `secret`, `tenant`, `sub`), with
 * a PEM certificate (private key and certificate) as an alternative to the secret. `sub` absent, empty,
 * `*` or `all`: every subscription the principal can see.
 */
export interface AzureCredentials {
  tenant: string;
  client: string;
  secret?: string;
  certificate?: string;
  /** One subscription id, or undefined for all the principal sees. */
  sub?: string;
}

const ALL = new Set(['', '*', 'all']);

function text(decoded: Record<string, unknown>, field: string): string | undefined {
  const v = decoded[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string')
    throw new InvalidCredentialsError(`Azure credentials: ${field} must be a string`, { field });
  const t = v.trim();
  return t === '' ? undefined : t;
}

export function parseAzureCredentials(decoded: Record<string, unknown>): AzureCredentials {
  const need = (field: string): string => {
    const v = text(decoded, field);
    if (v === undefined)
      throw new InvalidCredentialsError(`Azure credentials: ${field} is missing`, { field });
    return v;
  };
  const tenant = need('tenant');
  const client = need('client');
  const secret = text(decoded, 'secret');
  const certificate = text(decoded, 'certificate');
  if (secret === undefined && certificate === undefined)
    throw new InvalidCredentialsError('Azure credentials: secret is missing (or give a certificate)', {
      field: 'secret',
    });
  if (certificate !== undefined && !/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(certificate))
    throw new InvalidCredentialsError('Azure credentials: certificate must be a PEM with its private key', {
      field: 'certificate',
    });
  const sub = text(decoded, 'sub');
  return {
    tenant,
    client,
    ...(secret !== undefined ? { secret } : {}),
    ...(certificate !== undefined ? { certificate } : {}),
    ...(sub !== undefined && !ALL.has(sub.toLowerCase()) ? { sub } : {}),
  };
}
