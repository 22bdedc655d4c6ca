// OpenStack identity peer: real Keystone (PyPI) from .peers/keystone, installed lazily by
// scripts/install-peer-keystone.sh, started per test file on a copy of its bootstrapped template
// (SQLite + fernet keys), served by tooling/peers/keystone_wsgi.py. Only the openstack layer starts it.
import { execFile } from 'node:child_process';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, poll } from './net.js';
import { PEERS_DIR, ROOT } from './peer.js';
import { PeerProcess } from './proc.js';

const HOME = join(PEERS_DIR, 'keystone');
/** The bootstrap admin's password (scripts/install-peer-keystone.sh): test-only, loopback-only. */
const ADMIN_PASSWORD = 'discovery-keystone-admin';

export interface KeystoneOptions {
  /** Token lifetime in seconds (Keystone `[token] expiration`; default 3600). */
  tokenExpirationSec?: number;
}

export interface ProjectUser {
  projectId: string;
  userId: string;
  username: string;
  password: string;
  domainId: string;
}

export interface KeystonePeer {
  /** The identity v3 URL (`http://127.0.0.1:<port>/v3`): a connection's `url`. */
  url: string;
  /** A token of the bootstrap admin, project-scoped to `admin` (cached). */
  adminToken(): Promise<string>;
  /** A project with a member user (password auth), in the `default` domain. */
  createProjectUser(name: string, password?: string): Promise<ProjectUser>;
  /** A region and, for each service type, a service with a public endpoint there at `url`. */
  registerEndpoints(region: string, endpoints: Record<string, string>): Promise<void>;
  /** An application credential of `user` (its own token), restricted to its project. */
  createApplicationCredential(user: ProjectUser, name: string): Promise<{ id: string; secret: string }>;
  /** `GET /v3/auth/tokens`: the token's project and expiry, undefined when Keystone refuses it. */
  validate(token: string): Promise<{ projectId: string | undefined; expiresAt: string } | undefined>;
  /** `DELETE /v3/auth/tokens`: revokes a token (as an expiry would end it). */
  revoke(token: string): Promise<void>;
  stop(): Promise<void>;
}

async function install(): Promise<void> {
  await promisify(execFile)('bash', [join(ROOT, 'scripts/install-peer-keystone.sh')], {
    maxBuffer: 16 * 1024 * 1024,
  });
}

async function json(res: Response, what: string): Promise<Record<string, unknown>> {
  const text = await res.text();
  if (!res.ok) throw new Error(`keystone ${what}: HTTP ${res.status} ${text.slice(0, 300)}`);
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

export async function startKeystone(opts: KeystoneOptions = {}): Promise<KeystonePeer> {
  await install();
  const dir = await mkdtemp(join(tmpdir(), 'discovery-keystone-'));
  await cp(join(HOME, 'template'), dir, { recursive: true });
  const conf = join(dir, 'keystone.conf');
  await writeFile(
    conf,
    [
      '[DEFAULT]',
      'max_param_size = 64',
      '[database]',
      `connection = sqlite:///${join(dir, 'keystone.db')}`,
      '[identity]',
      // bcrypt's default 12 rounds cost ~1 s per password auth; the peer's users are test users.
      'password_hash_rounds = 4',
      '[token]',
      'provider = fernet',
      `expiration = ${opts.tokenExpirationSec ?? 3600}`,
      '[fernet_tokens]',
      `key_repository = ${join(dir, 'fernet-keys')}`,
      '[credential]',
      `key_repository = ${join(dir, 'credential-keys')}`,
      '',
    ].join('\n'),
  );
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/v3`;
  const proc = PeerProcess.spawn(
    'keystone',
    join(HOME, 'venv/bin/python'),
    [join(ROOT, 'tooling/peers/keystone_wsgi.py'), conf, String(port)],
    { cwd: dir, echo: process.env.PEERS_ECHO === '1' },
  );
  try {
    await poll(
      async () => {
        const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
        await res.arrayBuffer();
        if (!res.ok) throw new Error(`GET /v3 answered ${res.status}`);
      },
      {
        timeoutMs: 60_000,
        intervalMs: 250,
        giveUp: () => (proc.exitInfo ? `keystone exited: ${proc.tail().slice(-10).join('\n')}` : undefined),
      },
    );
  } catch (err) {
    await proc.stop(2000);
    await rm(dir, { recursive: true, force: true });
    throw err;
  }

  /** A project-scoped token by password auth, with its expiry. */
  const passwordToken = async (
    user: Record<string, unknown>,
    project: Record<string, unknown>,
  ): Promise<{ token: string; expiresAt: number }> => {
    const res = await fetch(`${url}/auth/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        auth: { identity: { methods: ['password'], password: { user } }, scope: { project } },
      }),
    });
    const doc = (await json(res, 'password token')) as { token: { expires_at: string } };
    const token = res.headers.get('x-subject-token');
    if (!token) throw new Error('keystone gave no X-Subject-Token');
    return { token, expiresAt: Date.parse(doc.token.expires_at) };
  };
  // Renewed a second before expiry: a peer started with a short token lifetime still has an admin.
  let admin: { token: string; expiresAt: number } | undefined;
  const adminToken = async (): Promise<string> => {
    if (!admin || admin.expiresAt - 1000 <= Date.now())
      admin = await passwordToken(
        { name: 'admin', domain: { id: 'default' }, password: ADMIN_PASSWORD },
        { name: 'admin', domain: { id: 'default' } },
      );
    return admin.token;
  };
  const call = async (
    method: string,
    path: string,
    body?: unknown,
    token?: string,
  ): Promise<Record<string, unknown>> => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', 'x-auth-token': token ?? (await adminToken()) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return json(res, `${method} ${path}`);
  };
  const idOf = (doc: Record<string, unknown>, key: string): string => (doc[key] as { id: string }).id;
  const roleId = async (name: string): Promise<string> => {
    const doc = await call('GET', `/roles?name=${name}`);
    return (doc.roles as { id: string }[])[0]!.id;
  };

  return {
    url,
    adminToken,
    async createProjectUser(name, given) {
      const projectId = idOf(
        await call('POST', '/projects', { project: { name, domain_id: 'default' } }),
        'project',
      );
      const username = `${name}-crawler`;
      const password = given ?? `pw-${name}-${port}`;
      const userId = idOf(
        await call('POST', '/users', {
          user: { name: username, password, domain_id: 'default', default_project_id: projectId },
        }),
        'user',
      );
      await call('PUT', `/projects/${projectId}/users/${userId}/roles/${await roleId('member')}`);
      return { projectId, userId, username, password, domainId: 'default' };
    },
    async registerEndpoints(region, endpoints) {
      const regions = (await call('GET', '/regions')).regions as { id: string }[];
      if (!regions.some((r) => r.id === region)) await call('POST', '/regions', { region: { id: region } });
      const services = (await call('GET', '/services')).services as { id: string; type: string }[];
      for (const [type, endpointUrl] of Object.entries(endpoints)) {
        const serviceId =
          services.find((s) => s.type === type)?.id ??
          idOf(await call('POST', '/services', { service: { type, name: type, enabled: true } }), 'service');
        services.push({ id: serviceId, type });
        await call('POST', '/endpoints', {
          endpoint: { service_id: serviceId, interface: 'public', region_id: region, url: endpointUrl },
        });
      }
    },
    async createApplicationCredential(user, name) {
      const { token } = await passwordToken(
        { id: user.userId, password: user.password },
        { id: user.projectId },
      );
      const doc = await call(
        'POST',
        `/users/${user.userId}/application_credentials`,
        { application_credential: { name } },
        token,
      );
      const cred = doc.application_credential as { id: string; secret: string };
      return { id: cred.id, secret: cred.secret };
    },
    async validate(token) {
      const res = await fetch(`${url}/auth/tokens?nocatalog`, {
        headers: { 'x-auth-token': await adminToken(), 'x-subject-token': token },
      });
      const text = await res.text();
      if (res.status === 404 || res.status === 401) return undefined;
      if (!res.ok) throw new Error(`keystone validate: HTTP ${res.status} ${text.slice(0, 200)}`);
      const doc = JSON.parse(text) as { token: { expires_at: string; project?: { id: string } } };
      return { projectId: doc.token.project?.id, expiresAt: doc.token.expires_at };
    },
    async revoke(token) {
      const res = await fetch(`${url}/auth/tokens`, {
        method: 'DELETE',
        headers: { 'x-auth-token': await adminToken(), 'x-subject-token': token },
      });
      await res.arrayBuffer();
      if (res.status !== 204) throw new Error(`keystone revoke: HTTP ${res.status}`);
    },
    async stop() {
      await proc.stop(5000);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
