import { SignJWT } from 'jose';
import type { Config } from '../../config/index.js';
import { buildApp, type App, type AppDeps } from '../../api/app.js';
import { openServices, type OpenServices } from '../../services/open.js';
import type { ProviderRegistry } from '../../providers/registry.js';

export interface ApiEnv {
  config: Config;
  services: OpenServices;
  app: App;
  close(): Promise<void>;
}

/** The app over real peers (its own database from `config`), for `app.inject()`; never listens. */
export async function startApiEnv(
  config: Config,
  opts: { providers?: ProviderRegistry; logger?: AppDeps['logger'] } = {},
): Promise<ApiEnv> {
  const services = await openServices(config, opts.providers ? { providers: opts.providers } : {});
  const app = await buildApp({ services, ...(opts.logger ? { logger: opts.logger } : {}) });
  await app.ready();
  return {
    config,
    services,
    app,
    async close() {
      await app.close();
      await services.store.db.dropDatabase().catch(() => undefined);
      await services.close();
    },
  };
}

/** Token lifetime claims: `exp` (`expiresIn`: "-5m" is expired) and `nbf` (`notBefore`: "10m" is not yet valid). */
interface Lifetime {
  expiresIn?: string;
  notBefore?: string;
}

async function sign(payload: Record<string, unknown>, secret: string, life: Lifetime = {}): Promise<string> {
  const jwt = new SignJWT(payload).setProtectedHeader({ alg: 'HS256' }).setIssuedAt();
  if (life.expiresIn) jwt.setExpirationTime(life.expiresIn);
  if (life.notBefore) jwt.setNotBefore(life.notBefore);
  return jwt.sign(new TextEncoder().encode(secret));
}

/** A private (service) token as Maestro's server-app mints it: `{app, version, noauth}` (spec §2.1). */
export function privateToken(
  config: Pick<Config, 'secretJwtPrivate' | 'noauth'>,
  over: { secret?: string; noauth?: string } & Lifetime = {},
): Promise<string> {
  return sign(
    { app: 'server-app', version: '0.1.0', noauth: over.noauth ?? config.noauth },
    over.secret ?? config.secretJwtPrivate,
    over,
  );
}

/** A user token as server-app issues them (`_id` is the user, i.e. the tenant). */
export function userToken(
  config: Pick<Config, 'secretJwt'>,
  tenantId: string,
  over: { secret?: string } & Lifetime = {},
): Promise<string> {
  return sign({ _id: tenantId, email: `${tenantId}@example.com` }, over.secret ?? config.secretJwt, over);
}

/** `alg: none`: an unsigned token that must be refused. */
export function unsignedToken(payload: Record<string, unknown>): string {
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b64({ alg: 'none', typ: 'JWT' })}.${b64(payload)}.`;
}
