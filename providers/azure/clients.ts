import { createHash } from 'node:crypto';
import { ComputeManagementClient } from '@azure/arm-compute';
import { NetworkManagementClient } from '@azure/arm-network';
import { SubscriptionClient } from '@azure/arm-resources-subscriptions';
import {
  ClientCertificateCredential,
  ClientSecretCredential,
  type AccessToken,
  type GetTokenOptions,
  type TokenCredential,
} from '@azure/identity';
import { InvalidCredentialsError, TransientError } from '../../core/errors.js';
import type { AzureCredentials } from './credentials.js';
import { PUBLIC_CLOUD, type AzureEndpoints } from './endpoints.js';

/**
 * MSAL reports an unknown tenant and an unreachable authority with the same `endpoints_resolution_error`;
 * the first must stop the connection (`danger`), the second is retried. On that error the authority's
 * discovery document is asked for once: a 4xx answer (Entra ID's AADSTS90002) means the tenant is wrong.
 */
class TenantCheckedCredential implements TokenCredential {
  constructor(
    private readonly inner: TokenCredential,
    private readonly authorityHost: string,
    private readonly tenant: string,
  ) {}

  async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
    try {
      return await this.inner.getToken(scopes, options);
    } catch (err) {
      if (!/endpoints_resolution_error/.test((err as Error).message ?? '')) throw err;
      throw await this.explain(err);
    }
  }

  private async explain(cause: unknown): Promise<Error> {
    const url = `${this.authorityHost.replace(/\/+$/, '')}/${encodeURIComponent(this.tenant)}/v2.0/.well-known/openid-configuration`;
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
      await res.body?.cancel();
      if (res.status >= 400 && res.status < 500)
        return new InvalidCredentialsError(
          `Azure sign-in refused: tenant ${this.tenant} is not known to ${this.authorityHost} (HTTP ${res.status})`,
          { field: 'tenant' },
          cause,
        );
      return new TransientError(
        `Azure sign-in failed: ${this.authorityHost} answered HTTP ${res.status}`,
        {},
        cause,
      );
    } catch {
      return new TransientError(`Azure sign-in failed: ${this.authorityHost} is unreachable`, {}, cause);
    }
  }
}

/** Bounded map that forgets its oldest entry: clients of connections no longer crawled are dropped. */
class Lru<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly max: number) {}
  get(key: string, make: () => V): V {
    const hit = this.map.get(key);
    if (hit !== undefined) {
      this.map.delete(key);
      this.map.set(key, hit);
      return hit;
    }
    const v = make();
    this.map.set(key, v);
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value as string);
    return v;
  }
}

/**
 * SDK clients per principal and subscription, so tokens are reused across pages and scopes. Keyed by a
 * hash of the whole principal (the original kept one class-level client for every connection: wrong
 * credentials across connections, §12.3). The SDKs' own retries are off: a failed page is retried by the
 * fetch activity from its heartbeated nextLink, with the error classified once.
 */
export class AzureClients {
  private readonly credentials = new Lru<TokenCredential>(50);
  private readonly compute = new Lru<ComputeManagementClient>(200);
  private readonly network = new Lru<NetworkManagementClient>(200);
  private readonly subscriptionClients = new Lru<SubscriptionClient>(50);

  constructor(
    readonly endpoints: AzureEndpoints = PUBLIC_CLOUD,
    /** DISCOVERY_HTTP_TIMEOUT_MS: the longest one ARM request (one page) may take. */
    private readonly timeoutMs = 10_000,
  ) {}

  /** Options of one SDK call: aborted by the crawl's signal or after the request timeout. */
  call(signal: AbortSignal): { abortSignal: AbortSignal } {
    return { abortSignal: AbortSignal.any([signal, AbortSignal.timeout(this.timeoutMs)]) };
  }

  private principalKey(c: AzureCredentials): string {
    return createHash('sha256')
      .update(
        [c.tenant, c.client, c.secret ?? '', c.certificate ?? '', this.endpoints.authorityHost].join(
          '\u0000',
        ),
      )
      .digest('hex');
  }

  credential(c: AzureCredentials): TokenCredential {
    return this.credentials.get(this.principalKey(c), () => {
      const options = { authorityHost: this.endpoints.authorityHost, disableInstanceDiscovery: true };
      const inner =
        c.certificate !== undefined
          ? new ClientCertificateCredential(c.tenant, c.client, { certificate: c.certificate }, options)
          : new ClientSecretCredential(c.tenant, c.client, c.secret ?? '', options);
      return new TenantCheckedCredential(inner, this.endpoints.authorityHost, c.tenant);
    });
  }

  private get scopes(): string[] {
    return [`${this.endpoints.armEndpoint.replace(/\/+$/, '')}/.default`];
  }

  computeClient(c: AzureCredentials, subscription: string): ComputeManagementClient {
    return this.compute.get(`${this.principalKey(c)}|${subscription}`, () => {
      return new ComputeManagementClient(this.credential(c), subscription, {
        endpoint: this.endpoints.armEndpoint,
        credentials: { scopes: this.scopes },
        retryOptions: { maxRetries: 0 },
      });
    });
  }

  networkClient(c: AzureCredentials, subscription: string): NetworkManagementClient {
    return this.network.get(`${this.principalKey(c)}|${subscription}`, () => {
      return new NetworkManagementClient(this.credential(c), subscription, {
        endpoint: this.endpoints.armEndpoint,
        credentialScopes: this.scopes,
        retryOptions: { maxRetries: 0 },
      });
    });
  }

  subscriptionClient(c: AzureCredentials): SubscriptionClient {
    return this.subscriptionClients.get(this.principalKey(c), () => {
      return new SubscriptionClient(this.credential(c), {
        endpoint: this.endpoints.armEndpoint,
        credentialScopes: this.scopes,
        retryOptions: { maxRetries: 0 },
      });
    });
  }
}
