/**
 * OpenStack connection credentials (spec §3.2, §5.5): the decoded `conn` holds `username` and `password`
 * (or an application credential); the connection document holds `url` (Keystone), `project` (project id),
 * `user_domain_id` and `api_version` (the compute API version, a cap on the negotiated microversion).
 */
import { BadRequestError, InvalidCredentialsError } from '../../core/errors.js';

export type EndpointInterface = 'public' | 'internal' | 'admin';

export interface OpenStackCredentials {
  /** Keystone identity v3 URL, without a trailing slash (`https://keystone:5000/v3`). */
  authUrl: string;
  projectId: string;
  userDomainId: string;
  username?: string;
  password?: string;
  applicationCredentialId?: string;
  applicationCredentialSecret?: string;
  /** Highest compute microversion to ask for ("2.60"); undefined: the highest both sides know. */
  computeVersionCap?: string;
  /** Which catalog endpoints to call. */
  interface: EndpointInterface;
}

const INTERFACES: readonly EndpointInterface[] = ['public', 'internal', 'admin'];

function str(v: unknown): string | undefined {
  if (typeof v === 'number') return String(v);
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

/**
 * The Keystone v3 URL from what users type: the original's form suggests `.../v2.0` (Keystone v2 is gone
 * since Queens), others paste the bare host. Both become `<host>/v3`.
 */
export function identityV3Url(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new BadRequestError('url', `not a URL: ${url}`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new BadRequestError('url', 'must be http(s)');
  const path = u.pathname.replace(/\/+$/, '').replace(/\/v2\.0$|\/v3$/, '');
  return `${u.origin}${path}/v3`;
}

/**
 * The compute microversion cap from the connection's `api_version`: "2" / "2.1" style values; a bare
 * major ("2", or the form's "3", which named Keystone's version) sets no cap.
 */
export function computeVersionCap(v: unknown): string | undefined {
  const s = str(v);
  if (s === undefined) return undefined;
  const m = /^2\.(\d+)$/.exec(s);
  if (m) return `2.${Number(m[1])}`;
  if (/^\d+$/.test(s)) return undefined;
  throw new BadRequestError('api_version', `expected a compute API version such as "2.60", got "${s}"`);
}

/** The secret half, from the decoded `conn` JWT: a password or an application credential. */
export interface OpenStackSecrets {
  username?: string;
  password?: string;
  applicationCredentialId?: string;
  applicationCredentialSecret?: string;
}

/** The decoded `conn` (the provider's `parseCredentials`); names the missing field when it throws. */
export function parseOpenStackSecrets(decoded: Record<string, unknown>): OpenStackSecrets {
  const appId = str(decoded.application_credential_id);
  const appSecret = str(decoded.application_credential_secret);
  if (appId || appSecret) {
    if (!appId)
      throw new InvalidCredentialsError('application_credential_id is missing', {
        field: 'application_credential_id',
      });
    if (!appSecret)
      throw new InvalidCredentialsError('application_credential_secret is missing', {
        field: 'application_credential_secret',
      });
    return { applicationCredentialId: appId, applicationCredentialSecret: appSecret };
  }
  const username = str(decoded.username);
  const password = str(decoded.password);
  if (!username) throw new InvalidCredentialsError('username is missing', { field: 'username' });
  if (!password) throw new InvalidCredentialsError('password is missing', { field: 'password' });
  return { username, password };
}

/**
 * The full credentials: the secrets and the connection's fields (`url`, `project`, `user_domain_id`,
 * `api_version`, `interface`); names the missing or bad field when it throws.
 */
export function openStackCredentials(
  secrets: OpenStackSecrets,
  conn: Readonly<Record<string, unknown>>,
): OpenStackCredentials {
  const url = str(conn.url);
  if (!url) throw new InvalidCredentialsError('url (the Keystone auth URL) is missing', { field: 'url' });
  const projectId = str(conn.project);
  const iface = str(conn.interface) ?? 'public';
  if (!(INTERFACES as readonly string[]).includes(iface))
    throw new BadRequestError('interface', `expected one of ${INTERFACES.join(', ')}`);
  // An application credential is bound to its project; `project` is then only informative.
  if (!secrets.applicationCredentialId && !projectId)
    throw new InvalidCredentialsError('project (the project id) is missing', { field: 'project' });
  return {
    ...secrets,
    authUrl: identityV3Url(url),
    projectId: projectId ?? '',
    userDomainId: str(conn.user_domain_id) ?? 'default',
    computeVersionCap: computeVersionCap(conn.api_version),
    interface: iface as EndpointInterface,
  };
}

/** Both halves at once (tests, the CLI). */
export function parseOpenStackCredentials(
  decoded: Record<string, unknown>,
  conn: Readonly<Record<string, unknown>>,
): OpenStackCredentials {
  return openStackCredentials(parseOpenStackSecrets(decoded), conn);
}
