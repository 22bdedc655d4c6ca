import { jwtVerify } from 'jose';
import { decryptJson } from './crypto.js';
import { ConfigError, InvalidCredentialsError } from './errors.js';
import type { ConnectionDoc } from '../store/connections.js';

export interface CredentialSecrets {
  secretJwt: string;
  encryptionKey: string;
}

/**
 * Decodes a connection's credentials into a plain object, in memory only. Maestro's `conn` is an HS256
 * JWT signed with MAESTRO_SECRETJWT; Discovery's `credentials` is an AES-256-GCM blob.
 */
export async function decodeCredentials(
  conn: ConnectionDoc,
  secrets: CredentialSecrets,
): Promise<Record<string, unknown>> {
  if (conn.credentials) {
    if (!secrets.encryptionKey) {
      throw new ConfigError([
        `DISCOVERY_ENCRYPTION_KEY: is not set, so the encrypted credentials of connection ${String(conn._id)} cannot be read`,
      ]);
    }
    const value = decryptJson(conn.credentials, secrets.encryptionKey, String(conn._id));
    if (!value || typeof value !== 'object')
      throw new InvalidCredentialsError('stored credentials are not an object');
    return value as Record<string, unknown>;
  }
  if (typeof conn.conn === 'string' && conn.conn.length > 0) {
    try {
      const { payload } = await jwtVerify(conn.conn, new TextEncoder().encode(secrets.secretJwt), {
        algorithms: ['HS256'],
      });
      return payload;
    } catch (err) {
      throw new InvalidCredentialsError(
        `connection credentials (conn JWT) cannot be verified with MAESTRO_SECRETJWT: ${(err as Error).message}`,
        {},
        err,
      );
    }
  }
  throw new InvalidCredentialsError(
    `connection ${String(conn._id)} has no credentials (neither conn nor credentials)`,
  );
}
