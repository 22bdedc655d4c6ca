// OpenSSH's sshd as a test peer for the SSH file transport: started by the tests that need it, on a
// loopback port, with its own host key, an authorized_keys file of its own and an unprivileged config
// (no PAM, no password, no shell: `ForceCommand internal-sftp`). Debian's `openssh-server` provides it
// (.ci/run installs it; scripts/install-peers.sh checks for it).
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { access, chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const SSHD_PATH = process.env.DISCOVERY_SSHD ?? '/usr/sbin/sshd';

export interface SshKeyPair {
  privateKey: string;
  publicKey: string;
}

export interface SshdPeer {
  host: string;
  port: number;
  user: string;
  /** `SHA256:…` of the server's host key, as `ssh-keygen -lf` prints it. */
  fingerprint: string;
  /** A directory the tests may fill with files to serve. */
  dir: string;
  /** Allows a client key. */
  authorize(publicKey: string): Promise<void>;
  stop(): Promise<void>;
}

/** A fresh key pair made by ssh-keygen (`type` rsa / ed25519; PEM format for RSA when `pem`). */
export async function makeKeyPair(
  type: 'rsa' | 'ed25519',
  passphrase = '',
  opts: { pem?: boolean } = {},
): Promise<SshKeyPair> {
  const dir = await mkdtemp(join(tmpdir(), 'discovery-sshkey-'));
  const file = join(dir, 'id');
  try {
    await run('ssh-keygen', [
      '-q',
      '-t',
      type,
      ...(type === 'rsa' ? ['-b', '2048'] : []),
      ...(opts.pem ? ['-m', 'PEM'] : []),
      '-N',
      passphrase,
      '-C',
      'discovery-test',
      '-f',
      file,
    ]);
    return { privateKey: await readFile(file, 'utf8'), publicKey: await readFile(`${file}.pub`, 'utf8') };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The fingerprint of an OpenSSH public key line (`ssh-ed25519 AAAA… comment`). */
export function publicKeyFingerprint(line: string): string {
  const blob = Buffer.from(line.trim().split(/\s+/)[1] ?? '', 'base64');
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, proc: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`sshd exited (${proc.exitCode}): ${log()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = createConnection({ host: '127.0.0.1', port }, () => {
        s.destroy();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`sshd did not listen on ${port}: ${log()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function startSshd(): Promise<SshdPeer> {
  try {
    await access(SSHD_PATH);
  } catch {
    throw new Error(
      `${SSHD_PATH} not found: install Debian's openssh-server (apt-get install openssh-server)`,
    );
  }
  const dir = await mkdtemp(join(tmpdir(), 'discovery-sshd-'));
  const files = join(dir, 'files');
  await mkdir(files);
  const hostKey = join(dir, 'host_ed25519');
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'discovery-sshd', '-f', hostKey]);
  const authorized = join(dir, 'authorized_keys');
  await writeFile(authorized, '');
  await chmod(authorized, 0o600);
  // sshd refuses to start as root without its privilege-separation directory.
  if (process.getuid?.() === 0) await mkdir('/run/sshd', { recursive: true, mode: 0o755 });
  const port = await freePort();
  const user = userInfo().username;
  const config = join(dir, 'sshd_config');
  await writeFile(
    config,
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${hostKey}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${authorized}`,
      'StrictModes no',
      'UsePAM no',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PubkeyAuthentication yes',
      'PermitRootLogin prohibit-password',
      `AllowUsers ${user}`,
      // SFTP only: no shell, whatever a client asks.
      'Subsystem sftp internal-sftp',
      'ForceCommand internal-sftp',
      'LogLevel ERROR',
      '',
    ].join('\n'),
  );
  let output = '';
  const proc = spawn(SSHD_PATH, ['-D', '-e', '-f', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  proc.stdout?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  proc.stderr?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  try {
    await waitForPort(port, proc, () => output);
  } catch (err) {
    proc.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  const fingerprint = publicKeyFingerprint(await readFile(`${hostKey}.pub`, 'utf8'));
  return {
    host: '127.0.0.1',
    port,
    user,
    fingerprint,
    dir: files,
    async authorize(publicKey) {
      const prev = await readFile(authorized, 'utf8');
      await writeFile(authorized, `${prev}${publicKey.trim()}\n`);
    },
    async stop() {
      if (proc.exitCode === null) {
        const exited = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
        if (proc.exitCode === null) proc.kill('SIGKILL');
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
