import { errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import type { Config } from '../core/config.js';
import type { Caller } from '../services/deps.js';

/**
 * Authentication (spec §2.1). `Authorization: <any scheme word> <token>`:
 * - a private (service) token: HS256 with MAESTRO_SECRETJWT_PRIVATE and `noauth == MAESTRO_NOAUTH`;
 *   it may act for any tenant;
 * - a user token (/v1 only): HS256 with MAESTRO_SECRETJWT, as Maestro's server-app issues them; its
 *   `_id` (or `sub`) is the tenant every operation is scoped to.
 * Tokens with `exp` are checked; `alg: none` and other algorithms are refused.
 */
export class AuthError extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

export type TokenKinds = 'private' | 'private-or-user';

function bearerToken(header: string | undefined): string {
  if (header === undefined || header.trim() === '') throw new AuthError('Unauthorized');
  const parts = header.trim().split(/\s+/);
  if (parts.length !== 2 || !parts[1]) throw new AuthError('Authorization header must be "<scheme> <token>"');
  return parts[1];
}

async function verify(token: string, secret: string): Promise<JWTPayload> {
  const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), { algorithms: ['HS256'] });
  return payload;
}

function reasonOf(err: unknown): string {
  if (err instanceof joseErrors.JWTExpired) return 'Token expired';
  if (err instanceof joseErrors.JOSEAlgNotAllowed) return 'Token algorithm not allowed (HS256 only)';
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) return 'Invalid token signature';
  if (err instanceof joseErrors.JWTClaimValidationFailed) return `Invalid token claim: ${err.claim}`;
  return 'Invalid token';
}

function userTenant(payload: JWTPayload): string | undefined {
  const id = (payload as Record<string, unknown>)._id ?? payload.sub;
  return typeof id === 'string' && id !== '' ? id : undefined;
}

export async function authenticate(
  header: string | undefined,
  config: Pick<Config, 'secretJwtPrivate' | 'noauth' | 'secretJwt'>,
  kinds: TokenKinds,
): Promise<Caller> {
  const token = bearerToken(header);
  let privateError: unknown;
  try {
    const payload = await verify(token, config.secretJwtPrivate);
    if (payload.noauth !== config.noauth) throw new AuthError('Invalid noauth token');
    return { kind: 'private' };
  } catch (err) {
    if (err instanceof AuthError) throw err;
    privateError = err;
  }
  if (kinds === 'private' || !(privateError instanceof joseErrors.JWSSignatureVerificationFailed))
    throw new AuthError(reasonOf(privateError));
  let payload: JWTPayload;
  try {
    payload = await verify(token, config.secretJwt);
  } catch (err) {
    throw new AuthError(reasonOf(err));
  }
  const tenant = userTenant(payload);
  if (!tenant) throw new AuthError('User token has no _id (tenant)');
  return { kind: 'user', tenantId: tenant };
}
