/**
 * Keystone v3 sessions (spec §5.5): a project-scoped token from password or application-credential
 * auth, its service catalog (which decides every endpoint), renewed before it expires and when a service
 * answers 401. One session per credentials, shared by a worker's activities.
 */
import { InvalidCredentialsError, RegionDisabledError } from '../../core/errors.js';
import type { OpenStackCredentials } from './credentials.js';
import { OpenStackApiError, requestJson } from './http.js';

export interface CatalogEndpoint {
  interface: string;
  region?: string;
  region_id?: string;
  url: string;
}
export interface CatalogEntry {
  type: string;
  name?: string;
  endpoints: CatalogEndpoint[];
}

interface TokenBody {
  token: {
    expires_at: string;
    project?: { id: string };
    catalog?: CatalogEntry[];
  };
}

interface Token {
  value: string;
  expiresAt: number;
  /** The token's lifetime as issued: the renewal margin is at most a quarter of it. */
  lifetimeMs: number;
  projectId: string | undefined;
  catalog: CatalogEntry[];
}

/** Renew this long before `expires_at`: a page in flight must not outlive its token. */
export const RENEW_MARGIN_MS = 5 * 60_000;

export class KeystoneSession {
  private current: Token | undefined;
  private pending: Promise<Token> | undefined;
  /** How many tokens this session has been issued (tests and logs). */
  issued = 0;

  constructor(
    readonly credentials: OpenStackCredentials,
    private readonly renewMarginMs = RENEW_MARGIN_MS,
    private readonly now: () => number = Date.now,
  ) {}

  private authBody(): unknown {
    const c = this.credentials;
    if (c.applicationCredentialId) {
      return {
        auth: {
          identity: {
            methods: ['application_credential'],
            application_credential: { id: c.applicationCredentialId, secret: c.applicationCredentialSecret },
          },
        },
      };
    }
    return {
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: c.username, domain: { id: c.userDomainId }, password: c.password } },
        },
        scope: { project: { id: c.projectId } },
      },
    };
  }

  private async issue(signal?: AbortSignal): Promise<Token> {
    let res;
    try {
      res = await requestJson<TokenBody>('keystone', 'POST', `${this.credentials.authUrl}/auth/tokens`, {
        body: this.authBody(),
        ...(signal ? { signal } : {}),
      });
    } catch (err) {
      // 401: wrong password/secret or no role on the project; 404: the user or project does not exist.
      if (
        err instanceof OpenStackApiError &&
        (err.status === 401 || err.status === 404 || err.status === 400)
      )
        throw new InvalidCredentialsError(`Keystone refused the credentials: ${err.detail || err.status}`, {
          status: err.status,
        });
      throw err;
    }
    const value = res.headers['x-subject-token'];
    if (typeof value !== 'string' || !res.body?.token)
      throw new InvalidCredentialsError('Keystone answered without a token');
    this.issued++;
    const expiresAt = Date.parse(res.body.token.expires_at);
    return {
      value,
      expiresAt,
      lifetimeMs: Math.max(0, expiresAt - this.now()),
      projectId: res.body.token.project?.id,
      catalog: res.body.token.catalog ?? [],
    };
  }

  private async valid(signal?: AbortSignal): Promise<Token> {
    const t = this.current;
    if (t && t.expiresAt - this.now() > Math.min(this.renewMarginMs, t.lifetimeMs / 4)) return t;
    // One request for every caller waiting on a renewal.
    this.pending ??= this.issue(signal).finally(() => {
      this.pending = undefined;
    });
    this.current = await this.pending;
    return this.current;
  }

  async token(signal?: AbortSignal): Promise<string> {
    return (await this.valid(signal)).value;
  }

  /** A service refused `token` (401): the next call gets a new one. */
  invalidate(token: string): void {
    if (this.current?.value === token) this.current = undefined;
  }

  /** The project the token is scoped to (an application credential's own). */
  async projectId(signal?: AbortSignal): Promise<string | undefined> {
    return (await this.valid(signal)).projectId;
  }

  /**
   * The endpoint of the first of `types` (catalog type names, e.g. `['block-storage', 'volumev3']`) in
   * `region` for the connection's interface, without a trailing slash. A service missing from the
   * region is RegionDisabled: that scope is skipped, not failed.
   */
  async endpoint(types: readonly string[], region: string, signal?: AbortSignal): Promise<string> {
    const { catalog } = await this.valid(signal);
    const iface = this.credentials.interface;
    for (const type of types) {
      const entry = catalog.find((e) => e.type === type);
      const ep = entry?.endpoints.find(
        (e) => e.interface === iface && (e.region_id === region || e.region === region),
      );
      if (ep) return ep.url.replace(/\/+$/, '');
    }
    throw new RegionDisabledError(`no ${types[0]} endpoint (${iface}) in region ${region}`, {
      service: types[0],
      region,
    });
  }

  /** The regions of the catalog (those with at least one endpoint of the connection's interface). */
  async regions(signal?: AbortSignal): Promise<string[]> {
    const { catalog } = await this.valid(signal);
    const out = new Set<string>();
    for (const e of catalog)
      for (const ep of e.endpoints)
        if (ep.interface === this.credentials.interface) out.add(ep.region_id ?? ep.region ?? '');
    out.delete('');
    return [...out].sort();
  }
}
