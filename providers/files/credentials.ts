// The credentials of a file source (spec §3.2), by transport. Maestro's forms (the original's
// info.json) name the fields: upload `artifacts`; S3 `bucket`, `path`, `access`, `secret`; SSH `host`,
// `port`, `user`, `path`, `key`. Discovery adds, for SSH, `fingerprint` (the server's host key,
// required: spec §12.12) and an optional `passphrase` for the key.
import { InvalidCredentialsError } from '../../core/errors.js';

export type FileTransport = 'upload' | 's3' | 'ssh';

/** What an SSH source needs (also the SSH transport's options, with its timeout). */
export interface SshCredentials {
  host: string;
  port: number;
  user: string;
  /** A file or a directory, walked recursively. */
  path: string;
  /** Private key (PEM or OpenSSH format). */
  key: string;
  passphrase?: string;
  /** The server's host key, `SHA256:<base64>` as `ssh-keygen -lf` prints it. */
  fingerprint: string;
}

export type FileCredentials =
  | { transport: 'upload'; artifacts: string[] }
  | { transport: 's3'; bucket: string; path: string; access: string; secret: string }
  | ({ transport: 'ssh' } & SshCredentials);

/** The transport of a Maestro service key (`upload_ansible` → upload), undefined for another key. */
export function transportOfService(service: string | undefined): FileTransport | undefined {
  const prefix = /^(upload|s3|ssh)_/i.exec(service ?? '')?.[1]?.toLowerCase();
  return prefix as FileTransport | undefined;
}

function invalid(field: string, message: string): InvalidCredentialsError {
  return new InvalidCredentialsError(`${field}: ${message}`, { field });
}

function required(decoded: Record<string, unknown>, field: string, what: string): string {
  const v = decoded[field];
  if (typeof v !== 'string' || v.trim() === '') throw invalid(field, `(${what}) is missing`);
  return v.trim();
}

/**
 * Maestro's uploader stores the uploaded names: a list of strings, or of objects naming the file
 * (`filename` / `name`), or one comma-separated string.
 */
function artifactNames(v: unknown): string[] {
  const list = typeof v === 'string' ? v.split(',') : Array.isArray(v) ? v : [];
  const names = list
    .map((a: unknown) =>
      typeof a === 'string'
        ? a
        : a && typeof a === 'object'
          ? ((a as Record<string, unknown>).filename ?? (a as Record<string, unknown>).name)
          : undefined,
    )
    .filter((n): n is string => typeof n === 'string')
    .map((n) => n.trim())
    .filter((n) => n !== '');
  return [...new Set(names)];
}

function sshPort(v: unknown): number {
  if (v === undefined || v === null || v === '') return 22;
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v.trim()) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > 65535)
    throw invalid('port', `must be a TCP port (1-65535), got ${JSON.stringify(v)}`);
  return n;
}

/**
 * Pure: the decoded `conn` of a file-source connection → its credentials. The transport comes from the
 * connection's service key when given, else from the fields present (`artifacts`, `bucket`, `host`).
 */
export function parseFileCredentials(decoded: Record<string, unknown>, service?: string): FileCredentials {
  const transport =
    transportOfService(service) ??
    (decoded.artifacts !== undefined
      ? 'upload'
      : decoded.bucket !== undefined
        ? 's3'
        : decoded.host !== undefined
          ? 'ssh'
          : undefined);
  switch (transport) {
    case 'upload': {
      const artifacts = artifactNames(decoded.artifacts);
      if (artifacts.length === 0) throw invalid('artifacts', '(the uploaded file names) is empty');
      return { transport, artifacts };
    }
    case 's3': {
      const path = decoded.path;
      if (path !== undefined && typeof path !== 'string')
        throw invalid('path', 'must be a string (a key prefix)');
      return {
        transport,
        bucket: required(decoded, 'bucket', 'bucket name'),
        path: path ?? '',
        access: required(decoded, 'access', 'access key id'),
        secret: required(decoded, 'secret', 'secret access key'),
      };
    }
    case 'ssh': {
      const fingerprint = decoded.fingerprint;
      if (typeof fingerprint !== 'string' || !/^(SHA256:)?[A-Za-z0-9+/]{43}=?$/.test(fingerprint.trim()))
        throw invalid(
          'fingerprint',
          "(the server's host key, SHA256:… as `ssh-keygen -lf <host key>.pub` prints it) is missing or malformed",
        );
      required(decoded, 'key', 'private key');
      // Not trimmed: a key is used byte for byte.
      const key = decoded.key as string;
      if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(key))
        throw invalid('key', 'is not a PEM / OpenSSH private key');
      const passphrase = decoded.passphrase;
      if (passphrase !== undefined && passphrase !== '' && typeof passphrase !== 'string')
        throw invalid('passphrase', 'must be a string');
      const path = required(decoded, 'path', 'file or directory path');
      if (!path.startsWith('/')) throw invalid('path', 'must be absolute');
      return {
        transport,
        host: required(decoded, 'host', 'host name or address'),
        port: sshPort(decoded.port),
        user: required(decoded, 'user', 'user name'),
        path,
        key,
        ...(typeof passphrase === 'string' && passphrase !== '' ? { passphrase } : {}),
        fingerprint: fingerprint.trim(),
      };
    }
    default:
      throw invalid(
        'service',
        `unknown file transport for service "${service ?? ''}" (upload_*, s3_* or ssh_*)`,
      );
  }
}

/** Where a connection's files are, for messages and cursor keys: no secret in it. */
export function describeSource(c: FileCredentials): string {
  switch (c.transport) {
    case 'upload':
      return `upload:${c.artifacts.join(',')}`;
    case 's3':
      return `s3://${c.bucket}/${c.path.replace(/^\/+/, '')}`;
    case 'ssh':
      return `sftp://${c.user}@${c.host}:${c.port}${c.path}`;
  }
}
