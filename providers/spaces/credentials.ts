import { InvalidCredentialsError } from '../../core/errors.js';

/** Spaces access keys (info.json `conn`: `access`, `secret`): separate from the DO API token. */
export interface SpacesCredentials {
  access: string;
  secret: string;
}

export function parseSpacesCredentials(decoded: Record<string, unknown>): SpacesCredentials {
  const field = (name: 'access' | 'secret'): string => {
    const v = decoded[name];
    if (typeof v !== 'string' || v.trim() === '')
      throw new InvalidCredentialsError(`${name}: the Spaces ${name} key is required`, { field: name });
    return v.trim();
  };
  return { access: field('access'), secret: field('secret') };
}
