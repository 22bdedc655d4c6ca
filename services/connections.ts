import { SignJWT } from 'jose';
import { idString } from '../core/ids.js';
import { ObjectId } from 'mongodb';
import { decodeCredentials } from '../core/credentials.js';
import { encryptJson } from '../core/crypto.js';
import {
  BadRequestError,
  DiscoveryError,
  NotFoundError,
  errorMessage,
  toDiscoveryError,
} from '../core/errors.js';
import { regionCode } from '../core/regions.js';
import type { ProviderDefinition } from '../providers/types.js';
import { providerConnection, type ConnectionDoc } from '../store/connections.js';
import { storedId } from '../store/object-id.js';
import { resolveProvider } from './catalogue.js';
import { callerTenant, now, type Caller, type ServiceDeps } from './deps.js';
import { decodeIdCursor, pageLimit, toPage, type Page, type PageRequest } from './pagination.js';

/** A connection as the API and the CLI show it: never its credentials. */
export interface ConnectionView {
  id: string;
  name: string;
  provider: string;
  providerId: string | null;
  service: string;
  regions: string[];
  tenantId: string | null;
  status: string | null;
  active: boolean;
  /** `maestro`: credentials in a `conn` JWT (created by Maestro); `discovery`: AES-GCM encrypted here. */
  format: 'maestro' | 'discovery' | 'none';
  process: Record<string, { state: string; msg: string }>;
  createdAt: string | null;
  updatedAt: string | null;
}

export interface ConnectionCreate {
  provider: string;
  name: string;
  regions?: string[];
  credentials: Record<string, unknown>;
  /** Owner tenant (the owner user's id). Required for a private caller; a user caller owns what it creates. */
  tenantId?: string;
}

export interface ConnectionUpdate {
  name?: string;
  regions?: string[];
  credentials?: Record<string, unknown>;
  active?: boolean;
}

export interface ConnectionListQuery extends PageRequest {
  provider?: string;
}

function isoOrNull(v: unknown): string | null {
  return v instanceof Date ? v.toISOString() : typeof v === 'string' ? v : null;
}

export function connectionView(doc: ConnectionDoc, deps: Pick<ServiceDeps, 'providers'>): ConnectionView {
  const provider =
    resolveProvider(deps.providers, doc.service) ?? resolveProvider(deps.providers, doc.provider);
  return {
    id: idString(doc._id) ?? '',
    name: typeof doc.name === 'string' ? doc.name : (doc.dc ?? ''),
    provider: doc.provider,
    providerId: provider?.id ?? null,
    service: doc.service,
    regions: doc.regions ?? [],
    tenantId: idString(doc.owner_user?._id) ?? null,
    status: doc.status ?? null,
    active: doc.active ?? true,
    format: doc.credentials ? 'discovery' : doc.conn ? 'maestro' : 'none',
    process: doc.process ?? {},
    createdAt: isoOrNull(doc.created_at),
    updatedAt: isoOrNull(doc.updated_at),
  };
}

/** The connection document, if the caller may see it; another tenant's connection is "not found". */
export async function loadConnection(deps: ServiceDeps, caller: Caller, id: string): Promise<ConnectionDoc> {
  const doc = await deps.store.connections.findOwned(id, callerTenant(caller));
  if (!doc) throw new NotFoundError('connection', id);
  return doc;
}

export function providerOf(deps: Pick<ServiceDeps, 'providers'>, doc: ConnectionDoc): ProviderDefinition {
  const p = resolveProvider(deps.providers, doc.service) ?? resolveProvider(deps.providers, doc.provider);
  if (!p) throw new BadRequestError('provider', `no provider "${doc.provider}" (service "${doc.service}")`);
  return p;
}

/** Checks credentials against the provider's schema; the error names the field (`credentials.secret`). */
function validateCredentials(provider: ProviderDefinition, credentials: Record<string, unknown>): void {
  try {
    provider.parseCredentials(credentials);
  } catch (err) {
    const field = err instanceof DiscoveryError ? err.details.field : undefined;
    const name = typeof field === 'string' ? `credentials.${field}` : 'credentials';
    throw new BadRequestError(name, errorMessage(err));
  }
}

function validateRegions(provider: ProviderDefinition, regions: unknown): string[] {
  if (!Array.isArray(regions) || regions.length === 0)
    throw new BadRequestError('regions', 'must list at least one region (e.g. "us-east-1")');
  const known = provider.catalogue.regions;
  for (const [i, r] of regions.entries()) {
    if (typeof r !== 'string' || regionCode(r) === '')
      throw new BadRequestError(`regions.${i}`, 'must be a non-empty region label');
    if (known && known.length > 0 && !known.some((k) => regionCode(k) === regionCode(r)) && r !== 'all')
      throw new BadRequestError(`regions.${i}`, `"${r}" is not a region of ${provider.label}`);
  }
  // Maestro stores display labels; a bare code is expanded to the provider's label when it knows one.
  return (regions as string[]).map(
    (r) => known?.find((k) => regionCode(k) === regionCode(r) && r.trim() === regionCode(r)) ?? r.trim(),
  );
}

function validateName(name: unknown): string {
  if (typeof name !== 'string' || name.trim() === '') throw new BadRequestError('name', 'must not be empty');
  return name.trim();
}

export async function createConnection(
  deps: ServiceDeps,
  caller: Caller,
  input: ConnectionCreate,
): Promise<ConnectionView> {
  const provider = resolveProvider(deps.providers, input.provider);
  if (!provider) {
    const known = deps.providers.all().map((p) => p.id);
    throw new BadRequestError(
      'provider',
      `unknown provider "${input.provider}" (known: ${known.join(', ')})`,
    );
  }
  const name = validateName(input.name);
  const regions = validateRegions(provider, input.regions);
  validateCredentials(provider, input.credentials);
  const tenant = callerTenant(caller) ?? input.tenantId;
  if (caller.kind === 'user' && input.tenantId !== undefined && input.tenantId !== caller.tenantId)
    throw new BadRequestError('tenantId', "may only be the caller's own tenant");
  if (!tenant)
    throw new BadRequestError('tenantId', 'is required for a private caller (the owner tenant id)');
  const _id = new ObjectId();
  const at = now(deps);
  const doc: ConnectionDoc = {
    _id,
    name,
    provider: provider.label,
    // A service key given as the provider (`s3_ansible`) is kept: it chooses the transport.
    service:
      provider.services.find((k) => k.toLowerCase() === input.provider.trim().toLowerCase()) ??
      provider.services[0] ??
      provider.id,
    dc: name,
    credentials: encryptJson(input.credentials, deps.config.encryptionKey, _id.toHexString()),
    regions,
    owner_user: { _id: storedId(tenant), refs: 'users' },
    roles: [{ _id: storedId(tenant), role: 7, refs: 'users' }],
    status: 'enabled',
    active: true,
    created_at: at,
    updated_at: at,
  };
  await deps.store.connections.insert(doc);
  return connectionView(doc, deps);
}

export async function listConnections(
  deps: ServiceDeps,
  caller: Caller,
  query: ConnectionListQuery = {},
): Promise<Page<ConnectionView>> {
  const limit = pageLimit(query.limit);
  const tenantId = callerTenant(caller);
  let provider: ProviderDefinition | undefined;
  if (query.provider !== undefined) {
    provider = resolveProvider(deps.providers, query.provider);
    if (!provider) throw new BadRequestError('provider', `unknown provider "${query.provider}"`);
  }
  const afterId = query.cursor === undefined ? undefined : decodeIdCursor(query.cursor, 'connections');
  const docs = await deps.store.connections.page(
    {
      ...(tenantId === undefined ? {} : { tenantId }),
      ...(provider ? { provider: { services: provider.services, label: provider.label } } : {}),
      ...(afterId === undefined ? {} : { afterId }),
    },
    limit,
  );
  return toPage(
    docs,
    limit,
    (d) => connectionView(d, deps),
    (d) => idString(d._id) ?? '',
  );
}

export async function getConnection(deps: ServiceDeps, caller: Caller, id: string): Promise<ConnectionView> {
  return connectionView(await loadConnection(deps, caller, id), deps);
}

/**
 * Updates name, regions, active or credentials. New credentials are validated; a Maestro-format
 * connection gets a new `conn` JWT (server-app keeps reading it), any other stores them encrypted.
 */
export async function updateConnection(
  deps: ServiceDeps,
  caller: Caller,
  id: string,
  patch: ConnectionUpdate,
): Promise<ConnectionView> {
  const doc = await loadConnection(deps, caller, id);
  const provider = providerOf(deps, doc);
  const set: Record<string, unknown> = { updated_at: now(deps) };
  const unset: string[] = [];
  if (patch.name !== undefined) {
    set.name = validateName(patch.name);
    set.dc = set.name;
  }
  if (patch.regions !== undefined) set.regions = validateRegions(provider, patch.regions);
  if (patch.active !== undefined) set.active = patch.active;
  if (patch.credentials !== undefined) {
    validateCredentials(provider, patch.credentials);
    if (typeof doc.conn === 'string' && !doc.credentials) {
      // A Maestro-format connection stays one: server-app and the scheduler read `conn`, the HS256
      // JWT of the credentials signed with MAESTRO_SECRETJWT, as server-app writes it.
      set.conn = await new SignJWT(patch.credentials)
        .setProtectedHeader({ alg: 'HS256' })
        .sign(new TextEncoder().encode(deps.config.secretJwt));
    } else {
      set.credentials = encryptJson(patch.credentials, deps.config.encryptionKey, idString(doc._id) ?? '');
      unset.push('conn');
    }
  }
  await deps.store.connections.update(doc._id, set, unset);
  return getConnection(deps, caller, id);
}

/** Deletes the connection document (its inventory, runs and change history stay, as in Maestro). */
export async function deleteConnection(deps: ServiceDeps, caller: Caller, id: string): Promise<void> {
  const doc = await loadConnection(deps, caller, id);
  await deps.store.connections.remove(doc._id);
}

export interface CredentialTest {
  ok: boolean;
  region: string;
  error?: { type: string; message: string };
}

/**
 * Decodes the stored credentials and asks the provider whether it accepts them (its `verifyCredentials`,
 * or one small page of its first task in the connection's first region). A rejection is a result, not
 * an error.
 */
export async function testCredentials(
  deps: ServiceDeps,
  caller: Caller,
  id: string,
): Promise<CredentialTest> {
  const doc = await loadConnection(deps, caller, id);
  const definition = providerOf(deps, doc);
  const signal = AbortSignal.timeout(deps.config.httpTimeoutMs);
  let region = doc.regions?.[0] ?? 'global';
  let provider;
  try {
    provider = await deps.providers.load(definition);
    const conn = providerConnection(
      doc,
      provider.parseCredentials(
        await decodeCredentials(doc, {
          secretJwt: deps.config.secretJwt,
          encryptionKey: deps.config.encryptionKey,
        }),
      ),
    );
    region = (provider.regions ? provider.regions(conn) : conn.regions)[0] ?? 'global';
    if (provider.verifyCredentials) {
      await provider.verifyCredentials(conn, signal);
    } else {
      const command = Object.values(provider.tasks)[0]?.[0];
      const kind = command === undefined ? undefined : provider.resources[command];
      if (!kind || command === undefined)
        throw new BadRequestError('provider', `${provider.label} has no task to test credentials with`);
      const perAccount = provider.commands[command]?.per === 'account';
      await kind.listPage({
        connection: conn,
        ...(perAccount ? {} : { region: regionCode(region) }),
        pageSize: 5,
        token: undefined,
        signal,
      });
    }
    return { ok: true, region };
  } catch (err) {
    const typed =
      err instanceof DiscoveryError || !provider ? toDiscoveryError(err) : provider.classifyError(err);
    if (typed.type === 'ConfigError') throw typed;
    return { ok: false, region, error: { type: typed.type, message: typed.message } };
  }
}
