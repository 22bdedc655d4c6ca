/**
 * GCP connection credentials: a service-account JSON key (the file Google's console downloads), the
 * project to crawl, or an organization/folder whose ACTIVE projects are all crawled. Validated field by
 * field, each error naming the field, before anything is sent to Google. Pure: no SDK import.
 */
import { createPrivateKey } from 'node:crypto';
import { InvalidCredentialsError } from '../../core/errors.js';

export interface ServiceAccountKey {
  type: 'service_account';
  project_id: string;
  private_key_id: string;
  private_key: string;
  client_email: string;
  client_id?: string;
  token_uri?: string;
}

export interface GcpCredentials {
  key: ServiceAccountKey;
  /** The project crawled when there is no `parent` (default: the key's `project_id`). */
  project: string;
  /** `organizations/<id>` or `folders/<id>`: every ACTIVE project under it (nested folders included) is crawled. */
  parent?: string;
}

/** Project ids: 6–30 characters, lower-case letters, digits and hyphens, starting with a letter. */
const PROJECT_ID = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
const PARENT = /^(organizations|folders)\/\d{1,20}$/;
const SA_EMAIL = /^[a-z0-9][a-z0-9-]*@[a-z0-9-.]+\.(iam\.gserviceaccount\.com|gserviceaccount\.com)$/;

function bad(field: string, message: string): InvalidCredentialsError {
  return new InvalidCredentialsError(`${field}: ${message}`, { field });
}

function str(obj: Record<string, unknown>, field: string, prefix: string): string {
  const v = obj[field];
  if (typeof v !== 'string' || v.trim() === '')
    throw bad(`${prefix}${field}`, 'is required (a non-empty string)');
  return v;
}

/** The key: an object or its JSON text (Maestro's form sends text); every field checked. */
export function parseServiceAccountKey(raw: unknown, field = 'credentials'): ServiceAccountKey {
  let obj: unknown = raw;
  if (typeof raw === 'string') {
    try {
      obj = JSON.parse(raw) as unknown;
    } catch {
      throw bad(field, 'is not JSON (paste the service-account key file as downloaded)');
    }
  }
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj))
    throw bad(field, 'must be a service-account key (a JSON object)');
  const k = obj as Record<string, unknown>;
  const p = `${field}.`;
  if (k.type !== 'service_account')
    throw bad(`${p}type`, `must be "service_account" (got ${JSON.stringify(k.type ?? null)})`);
  const projectId = str(k, 'project_id', p);
  if (!PROJECT_ID.test(projectId)) throw bad(`${p}project_id`, 'is not a project id');
  const keyId = str(k, 'private_key_id', p);
  if (!/^[0-9a-f]{40}$/.test(keyId)) throw bad(`${p}private_key_id`, 'must be 40 hexadecimal characters');
  const email = str(k, 'client_email', p);
  if (!SA_EMAIL.test(email)) throw bad(`${p}client_email`, 'is not a service-account e-mail');
  const pem = str(k, 'private_key', p);
  try {
    const key = createPrivateKey(pem);
    if (key.asymmetricKeyType !== 'rsa') throw new Error('not RSA');
  } catch {
    // Never echo the key material.
    throw bad(`${p}private_key`, 'is not an RSA private key in PEM form');
  }
  for (const optional of ['client_id', 'token_uri'] as const) {
    if (k[optional] !== undefined && typeof k[optional] !== 'string')
      throw bad(`${p}${optional}`, 'must be a string');
  }
  return {
    type: 'service_account',
    project_id: projectId,
    private_key_id: keyId,
    private_key: pem,
    client_email: email,
    ...(typeof k.client_id === 'string' ? { client_id: k.client_id } : {}),
    ...(typeof k.token_uri === 'string' ? { token_uri: k.token_uri } : {}),
  };
}

/**
 * Decoded connection credentials (Maestro's `conn` JWT or /v1's encrypted blob) → GcpCredentials.
 * Fields: `credentials` (the key, JSON text or object; `key` accepted as an alias), optional `project`,
 * optional `parent` (or `organization` / `folder` with the bare number).
 */
export function parseGcpCredentials(decoded: Record<string, unknown>): GcpCredentials {
  const field = decoded.credentials !== undefined ? 'credentials' : 'key';
  if (decoded[field] === undefined || decoded[field] === '')
    throw bad('credentials', 'is required (the service-account key file, JSON)');
  const key = parseServiceAccountKey(decoded[field], field);
  const project = decoded.project === undefined || decoded.project === '' ? key.project_id : decoded.project;
  if (typeof project !== 'string' || !PROJECT_ID.test(project))
    throw bad('project', `${JSON.stringify(project)} is not a project id`);
  let parent: string | undefined;
  for (const [name, prefix] of [
    ['parent', ''],
    ['organization', 'organizations/'],
    ['folder', 'folders/'],
  ] as const) {
    const v = decoded[name];
    if (v === undefined || v === '') continue;
    if (parent !== undefined) throw bad(name, 'give only one of parent, organization and folder');
    if (typeof v !== 'string' && typeof v !== 'number') throw bad(name, 'must be a string');
    const value = `${prefix}${v}`;
    if (!PARENT.test(value))
      throw bad(name, `is not ${prefix ? 'a numeric id' : 'organizations/<id> or folders/<id>'}`);
    parent = value;
  }
  return { key, project, ...(parent ? { parent } : {}) };
}
