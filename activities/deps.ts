import { idString } from '../core/ids.js';
import type { Config } from '../core/config.js';
import { decodeCredentials } from '../core/credentials.js';
import type { MappingContext, Scope } from '../core/model.js';
import type { ProviderRegistry } from '../providers/registry.js';
import type { ProviderConnection, Provider, ResourceKind } from '../providers/types.js';
import { providerConnection, type ConnectionDoc } from '../store/connections.js';
import type { Store } from '../store/index.js';
import type { Ownership } from '../store/inventory.js';

/** Everything the activities need, injected once by the worker (no globals). */
export interface ActivityDeps {
  config: Config;
  store: Store;
  providers: ProviderRegistry;
  now: () => Date;
  log: (level: 'debug' | 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>) => void;
}

export interface ConnectionContext {
  conn: ConnectionDoc;
  provider: Provider;
  ownership: Ownership;
}

const CACHE_MS = 30_000;

/**
 * Loads a connection and its provider, cached briefly per worker process so a crawl does not read
 * the connection once per page. Credentials are decoded on demand and never cached in plain text
 * longer than the cache entry.
 */
export class ConnectionCache {
  private readonly entries = new Map<string, { at: number; value: Promise<ConnectionContext> }>();
  private readonly creds = new Map<string, { at: number; value: Promise<ProviderConnection> }>();
  constructor(private readonly deps: ActivityDeps) {}

  context(connectionId: string): Promise<ConnectionContext> {
    const hit = this.entries.get(connectionId);
    if (hit && Date.now() - hit.at < CACHE_MS) return hit.value;
    const value = this.load(connectionId);
    value.catch(() => this.entries.delete(connectionId));
    this.entries.set(connectionId, { at: Date.now(), value });
    return value;
  }

  /** The provider's view of the connection, with its decoded and parsed credentials. */
  view(connectionId: string): Promise<ProviderConnection> {
    const hit = this.creds.get(connectionId);
    if (hit && Date.now() - hit.at < CACHE_MS) return hit.value;
    const value = this.context(connectionId).then(async ({ conn, provider }) =>
      providerConnection(
        conn,
        provider.parseCredentials(
          await decodeCredentials(conn, {
            secretJwt: this.deps.config.secretJwt,
            encryptionKey: this.deps.config.encryptionKey,
          }),
        ),
      ),
    );
    value.catch(() => this.creds.delete(connectionId));
    this.creds.set(connectionId, { at: Date.now(), value });
    return value;
  }

  private async load(connectionId: string): Promise<ConnectionContext> {
    const conn = await this.deps.store.connections.get(connectionId);
    const provider = await this.deps.providers.load(this.deps.providers.forConnection(conn));
    const ownerId = conn.owner_user?._id;
    return {
      conn,
      provider,
      ownership: {
        connectionId,
        tenantId: idString(ownerId),
        owner: { refs: 'connections', name: conn.dc, _id: conn._id },
        roles: conn.roles ?? [],
      },
    };
  }
}

export function resourceKind(provider: Provider, scope: Scope): ResourceKind {
  const kind = provider.resources[scope.command];
  if (!kind) throw new Error(`provider ${provider.id} has no command ${scope.command}`);
  return kind;
}

export function mappingContext(conn: ConnectionDoc, connectionId: string, scope: Scope): MappingContext {
  return {
    connectionId,
    dc: conn.dc,
    dcId: conn.dc_id,
    provider: conn.provider,
    ...(scope.region === undefined ? {} : { region: scope.region }),
    ...(scope.account === undefined ? {} : { account: scope.account }),
  };
}
