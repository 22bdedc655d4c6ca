import { createHash } from 'node:crypto';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { AssumeRoleStep, AwsCredentials } from './credentials.js';

/** What the SDK signs with (structurally the SDK's AwsCredentialIdentity). */
export interface AwsIdentity {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

export interface RoleSessionOptions {
  endpoint: string;
  timeoutMs: number;
  /** Assumed credentials are renewed when less than this is left. */
  refreshWindowMs: number;
  /** The clock the sessions are judged by (tests inject one). */
  now: () => number;
}

interface Session {
  identity: AwsIdentity & { expiration: Date };
}

/**
 * Temporary credentials of assumed roles (STS AssumeRole, with external id), cached per role chain and
 * renewed before they expire. Concurrent callers share one AssumeRole call. Entries are keyed by the
 * chain (source key + roles), not by the temporary keys, so rotation never grows the cache; expired
 * entries are dropped whenever a new one is stored.
 */
export class RoleSessions {
  private readonly sessions = new Map<string, Session>();
  private readonly pending = new Map<string, Promise<Session>>();
  /** AssumeRole calls made (observability and tests). */
  assumed = 0;

  constructor(private readonly options: RoleSessionOptions) {}

  /** The identity to sign with: the source keys, or the last role of the chain. */
  async resolve(credentials: AwsCredentials): Promise<AwsIdentity> {
    let identity: AwsIdentity = sourceIdentity(credentials);
    const roles = credentials.roles ?? [];
    for (let i = 0; i < roles.length; i++) {
      identity = (await this.session(chainKey(credentials, i + 1), identity, roles[i] as AssumeRoleStep))
        .identity;
    }
    return identity;
  }

  /**
   * A credential provider for SDK clients. It reports an expiry that is already due, so the SDK's own
   * memo asks again on every request and this cache alone decides when to renew (a map lookup when
   * nothing is due; also right under an injected clock).
   */
  provider(credentials: AwsCredentials): () => Promise<AwsIdentity> {
    return async () => ({ ...(await this.resolve(credentials)), expiration: new Date(Date.now()) });
  }

  /** Forgets every session of the chain, so the next resolve assumes the roles again. */
  invalidate(credentials: AwsCredentials): void {
    for (let i = 1; i <= (credentials.roles?.length ?? 0); i++)
      this.sessions.delete(chainKey(credentials, i));
  }

  /** Forgets every session (they are assumed again on next use). */
  clear(): void {
    this.sessions.clear();
  }

  private session(key: string, source: AwsIdentity, role: AssumeRoleStep): Promise<Session> {
    const hit = this.sessions.get(key);
    if (hit && hit.identity.expiration.getTime() - this.options.now() > this.options.refreshWindowMs) {
      return Promise.resolve(hit);
    }
    let running = this.pending.get(key);
    if (!running) {
      running = this.assume(source, role)
        .then((s) => this.store(key, s))
        .finally(() => this.pending.delete(key));
      this.pending.set(key, running);
    }
    return running;
  }

  private store(key: string, session: Session): Session {
    const now = this.options.now();
    for (const [k, s] of this.sessions) if (s.identity.expiration.getTime() <= now) this.sessions.delete(k);
    this.sessions.set(key, session);
    return session;
  }

  private async assume(source: AwsIdentity, role: AssumeRoleStep): Promise<Session> {
    const sts = new STSClient({
      region: 'us-east-1',
      credentials: source,
      maxAttempts: 2,
      ...(this.options.endpoint ? { endpoint: this.options.endpoint } : {}),
      requestHandler: { requestTimeout: this.options.timeoutMs, connectionTimeout: this.options.timeoutMs },
    });
    try {
      this.assumed += 1;
      const out = await sts.send(
        new AssumeRoleCommand({
          RoleArn: role.roleArn,
          RoleSessionName: role.sessionName,
          DurationSeconds: role.durationSeconds,
          ...(role.externalId ? { ExternalId: role.externalId } : {}),
        }),
      );
      const c = out.Credentials;
      if (!c?.AccessKeyId || !c.SecretAccessKey || !c.Expiration) {
        throw new Error(`AssumeRole ${role.roleArn}: STS returned no credentials`);
      }
      return {
        identity: {
          accessKeyId: c.AccessKeyId,
          secretAccessKey: c.SecretAccessKey,
          ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}),
          expiration: c.Expiration,
        },
      };
    } catch (err) {
      // Keep the SDK error (its code decides the scope status), but say which role was refused.
      if (err instanceof Error && !err.message.startsWith('AssumeRole '))
        err.message = `AssumeRole ${role.roleArn}: ${err.message}`;
      throw err;
    } finally {
      sts.destroy();
    }
  }
}

export function sourceIdentity(credentials: AwsCredentials): AwsIdentity {
  return {
    accessKeyId: credentials.accessKeyId,
    secretAccessKey: credentials.secretAccessKey,
    ...(credentials.sessionToken ? { sessionToken: credentials.sessionToken } : {}),
  };
}

/**
 * A short stable key of the credentials' identity up to the `depth`-th role (0: the source keys). Hashed:
 * secrets never appear in cache keys.
 */
export function chainKey(credentials: AwsCredentials, depth = credentials.roles?.length ?? 0): string {
  const parts = [credentials.accessKeyId, credentials.secretAccessKey, credentials.sessionToken ?? ''];
  for (const r of (credentials.roles ?? []).slice(0, depth))
    parts.push(r.roleArn, r.externalId ?? '', r.sessionName, String(r.durationSeconds));
  return createHash('sha256').update(parts.join('\u0000')).digest('base64url').slice(0, 22);
}
