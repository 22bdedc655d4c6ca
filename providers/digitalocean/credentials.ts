import { InvalidCredentialsError } from '../../core/errors.js';

/** A DigitalOcean personal access token (info.json `conn`: `token`). */
export interface DoCredentials {
  token: string;
}

export function parseDoCredentials(decoded: Record<string, unknown>): DoCredentials {
  const token = decoded.token;
  if (typeof token !== 'string' || token.trim() === '')
    throw new InvalidCredentialsError('token: a DigitalOcean API token is required', { field: 'token' });
  return { token: token.trim() };
}
