// SSH transport (spec §5.6 "SSH"), over SFTP only: the directory walk is SFTP readdir and each file an
// SFTP read, so no shell ever sees the path (the original ran `find <path>` and `cat <file>` unquoted:
// shell injection, spec §12.12). The server's host key must match the SHA-256 fingerprint stored in the
// connection, checked before authentication (the original accepted any key, AutoAddPolicy). Key auth
// with any key type ssh2 reads (RSA, ed25519, ECDSA), optionally passphrase-protected.
import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import { Client, type FileEntryWithStats, type SFTPWrapper, type Stats } from 'ssh2';
import { InvalidCredentialsError, TransientError } from '../../../core/errors.js';
import type { SshCredentials } from '../credentials.js';
import type { FileSource } from '../cursor.js';
import { FileDataError } from '../errors.js';

export interface SshOptions extends SshCredentials {
  timeoutMs: number;
}

/** OpenSSH's fingerprint of a host key blob: `SHA256:` + unpadded base64 of its SHA-256. */
export function sshFingerprint(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}

/** `SHA256:abc=` / `abc` → `SHA256:abc` (so a pasted fingerprint compares whatever its padding). */
export function normalizeFingerprint(value: string): string {
  const body = value
    .trim()
    .replace(/^SHA256:/i, '')
    .replace(/=+$/, '');
  return `SHA256:${body}`;
}

const SFTP_NO_SUCH_FILE = 2;
const SFTP_PERMISSION_DENIED = 3;

function sftpReason(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  if (code === SFTP_NO_SUCH_FILE) return 'no such file or directory';
  if (code === SFTP_PERMISSION_DENIED) return 'permission denied';
  return undefined;
}

/** An SFTP failure on one path: a FileDataError naming it when the server said why, else transient. */
function pathError(path: string, err: unknown): Error {
  const reason = sftpReason(err);
  if (reason) return new FileDataError(path, reason, err);
  return new TransientError(`sftp ${path}: ${(err as Error).message}`, { file: path }, err);
}

async function connect(
  opts: SshOptions,
  signal: AbortSignal,
): Promise<{ client: Client; sftp: SFTPWrapper }> {
  const want = normalizeFingerprint(opts.fingerprint);
  let offered: string | undefined;
  const client = new Client();
  const where = `${opts.user}@${opts.host}:${opts.port}`;
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (err: Error): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      client.end();
      reject(err);
    };
    const onAbort = (): void => fail(new TransientError(`ssh ${where}: aborted`));
    signal.addEventListener('abort', onAbort, { once: true });
    client.on('ready', () => {
      client.sftp((err, sftp) => {
        if (err) return fail(new TransientError(`ssh ${where}: no SFTP subsystem: ${err.message}`, {}, err));
        settled = true;
        signal.removeEventListener('abort', onAbort);
        resolve({ client, sftp });
      });
    });
    client.on('error', (err: Error & { level?: string }) => {
      if (offered !== undefined && offered !== want) {
        fail(
          new InvalidCredentialsError(
            `ssh ${where}: host key ${offered} does not match the connection's fingerprint ${want}; nothing was read`,
            { field: 'fingerprint', offered },
          ),
        );
      } else if (err.level === 'client-authentication') {
        fail(
          new InvalidCredentialsError(
            `ssh ${where}: the key was refused (${err.message})`,
            { field: 'key' },
            err,
          ),
        );
      } else {
        fail(new TransientError(`ssh ${where}: ${err.message}`, {}, err));
      }
    });
    try {
      client.connect({
        host: opts.host,
        port: opts.port,
        username: opts.user,
        privateKey: opts.key,
        ...(opts.passphrase ? { passphrase: opts.passphrase } : {}),
        readyTimeout: opts.timeoutMs,
        // Never an agent, a password or keyboard-interactive: the connection's key only.
        hostVerifier: (key: Buffer) => {
          offered = sshFingerprint(key);
          return offered === want;
        },
      });
    } catch (err) {
      // ssh2 parses the key synchronously: a malformed key or a wrong passphrase lands here.
      fail(new InvalidCredentialsError(`ssh ${where}: ${(err as Error).message}`, { field: 'key' }, err));
    }
  });
}

function call<T>(fn: (cb: (err: Error | undefined | null, value: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => fn((err, value) => (err ? reject(err) : resolve(value))));
}

/**
 * Every regular file under `root` (itself if it is a file), sorted by path so the walk is the same on
 * every crawl (the page token is an index into it). Symbolic links are not followed (no loops, nothing
 * outside the tree).
 */
async function walk(sftp: SFTPWrapper, root: string): Promise<string[]> {
  let top: Stats;
  try {
    top = await call<Stats>((cb) => sftp.stat(root, cb));
  } catch (err) {
    throw pathError(root, err);
  }
  if (top.isFile()) return [root];
  if (!top.isDirectory()) throw new FileDataError(root, 'neither a file nor a directory');
  const files: string[] = [];
  const dirs = [root];
  while (dirs.length > 0) {
    const dir = dirs.pop() as string;
    let entries;
    try {
      entries = await call<FileEntryWithStats[]>((cb) => sftp.readdir(dir, cb));
    } catch (err) {
      throw pathError(dir, err);
    }
    for (const e of entries) {
      const full = posix.join(dir, e.filename);
      if (e.attrs.isDirectory()) dirs.push(full);
      else if (e.attrs.isFile()) files.push(full);
    }
  }
  return files.sort();
}

export function sshSource(opts: SshOptions): FileSource {
  let session: Promise<{ client: Client; sftp: SFTPWrapper }> | undefined;
  const open = (signal: AbortSignal) => {
    session ??= connect(opts, signal);
    session.catch(() => {
      session = undefined;
    });
    return session;
  };
  return {
    where: `sftp://${opts.user}@${opts.host}:${opts.port}${opts.path}`,
    async list(_token, signal) {
      const { sftp } = await open(signal);
      return { names: await walk(sftp, opts.path), next: undefined };
    },
    async open(name, signal) {
      const { sftp } = await open(signal);
      let handle: Buffer;
      try {
        handle = await call<Buffer>((cb) => sftp.open(name, 'r', cb));
      } catch (err) {
        throw pathError(name, err);
      }
      return sftp.createReadStream(name, { handle, autoClose: true });
    },
    async close() {
      const s = session;
      session = undefined;
      if (s) (await s.catch(() => undefined))?.client.end();
    },
  };
}
