import { EC2Client } from '@aws-sdk/client-ec2';
import { regionCode } from '../../core/regions.js';
import type { AwsCredentials } from './credentials.js';
import { isExpiredTokenError, markRenewed } from './errors.js';
import { chainKey, RoleSessions, sourceIdentity, type AwsIdentity } from './role-sessions.js';

/** The SDK region of a scope: region-less scopes (S3, CloudFront: global services) use us-east-1. */
export function sdkRegion(region: string | undefined): string {
  const code = regionCode(region);
  return code === '' || code === 'global' ? 'us-east-1' : code;
}

export interface AwsClientOptions {
  /** AWS_ENDPOINT_URL: one endpoint for every service (moto). Empty: the real AWS endpoints. */
  endpoint: string;
  timeoutMs: number;
  /** Assumed-role credentials are renewed when less than this is left (default 5 minutes). */
  refreshWindowMs?: number;
  /** SDK clients kept at most; the least recently used beyond are destroyed (default 512). */
  maxClients?: number;
  /** Clock of the role sessions (tests inject one; default Date.now). */
  now?: () => number;
}

/** The constructor config every SDK v3 client accepts, as far as Discovery sets it. */
export interface AwsClientConfig {
  region: string;
  /** Static keys, or a provider that assumes (and renews) the connection's roles. */
  credentials: AwsIdentity | (() => Promise<AwsIdentity>);
  maxAttempts: number;
  endpoint?: string;
  requestHandler: { requestTimeout: number; connectionTimeout: number };
}

interface Destroyable {
  destroy(): void;
}

interface MiddlewareHost {
  middlewareStack?: {
    add(
      mw: (next: (args: unknown) => Promise<unknown>) => (args: unknown) => Promise<unknown>,
      options: { step: 'initialize'; name: string },
    ): void;
  };
}

const DEFAULT_REFRESH_WINDOW_MS = 5 * 60_000;
const DEFAULT_MAX_CLIENTS = 512;
/** An evicted client may still serve a call in flight: it is destroyed a little later. */
const DESTROY_DELAY_MS = 60_000;

/**
 * SDK clients per (service client class, credentials, region), cached so a crawl reuses connections.
 * Credentials with roles get a credential provider: AssumeRole happens on first use and again before
 * expiry, transparently for the resource files. The cache is keyed by the credentials' identity (source
 * keys + role chain), never by temporary keys, and bounded (least recently used destroyed).
 * The SDK retries once; everything beyond is Temporal's retry policy, which survives a worker crash.
 *
 *   clients.get(RDSClient, credentials, region)
 */
export class AwsClients {
  private readonly cache = new Map<string, Destroyable>();
  private readonly ids = new Map<unknown, number>();
  private readonly maxClients: number;
  readonly sessions: RoleSessions;

  constructor(private readonly options: AwsClientOptions) {
    this.maxClients = options.maxClients ?? DEFAULT_MAX_CLIENTS;
    this.sessions = new RoleSessions({
      endpoint: options.endpoint,
      timeoutMs: options.timeoutMs,
      refreshWindowMs: options.refreshWindowMs ?? DEFAULT_REFRESH_WINDOW_MS,
      now: options.now ?? Date.now,
    });
  }

  get<T extends Destroyable>(
    Ctor: new (config: AwsClientConfig) => T,
    credentials: AwsCredentials,
    region: string,
  ): T {
    let id = this.ids.get(Ctor);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(Ctor, id);
    }
    const identity = chainKey(credentials);
    const key = `${id}|${identity}|${region}`;
    let client = this.cache.get(key) as T | undefined;
    if (client) {
      // Most recently used last: Map iteration order is the eviction order.
      this.cache.delete(key);
      this.cache.set(key, client);
      return client;
    }
    const renewable = (credentials.roles?.length ?? 0) > 0;
    client = new Ctor({
      region,
      credentials: renewable ? this.sessions.provider(credentials) : sourceIdentity(credentials),
      maxAttempts: 2,
      ...(this.options.endpoint ? { endpoint: this.options.endpoint } : {}),
      requestHandler: { requestTimeout: this.options.timeoutMs, connectionTimeout: this.options.timeoutMs },
    });
    if (renewable) this.renewOnExpiry(client, credentials, identity);
    this.cache.set(key, client);
    this.evictBeyondLimit();
    return client;
  }

  ec2Client(credentials: AwsCredentials, region: string | undefined): EC2Client {
    return this.get(EC2Client, credentials, sdkRegion(region));
  }

  /** The identity calls are signed with (assumes the roles when needed). */
  identity(credentials: AwsCredentials): Promise<AwsIdentity> {
    return this.sessions.resolve(credentials);
  }

  get size(): number {
    return this.cache.size;
  }

  destroy(): void {
    for (const c of this.cache.values()) c.destroy();
    this.cache.clear();
  }

  /**
   * A provider that rejects assumed credentials as expired (clock skew, a revoked session): the sessions
   * of the chain and the clients holding them are dropped, and the error is marked renewed, so it is
   * classified retryable and the retry signs with fresh credentials.
   */
  private renewOnExpiry(client: Destroyable, credentials: AwsCredentials, identity: string): void {
    (client as MiddlewareHost).middlewareStack?.add(
      (next) => async (args) => {
        try {
          return await next(args);
        } catch (err) {
          if (isExpiredTokenError(err)) {
            this.sessions.invalidate(credentials);
            this.forget((key) => key.includes(`|${identity}|`));
            markRenewed(err);
          }
          throw err;
        }
      },
      { step: 'initialize', name: 'discoveryRenewExpiredCredentials' },
    );
  }

  private forget(match: (key: string) => boolean): void {
    for (const [key, c] of [...this.cache]) {
      if (!match(key)) continue;
      this.cache.delete(key);
      setTimeout(() => c.destroy(), DESTROY_DELAY_MS).unref();
    }
  }

  private evictBeyondLimit(): void {
    let excess = this.cache.size - this.maxClients;
    if (excess <= 0) return;
    this.forget(() => excess-- > 0);
  }
}
