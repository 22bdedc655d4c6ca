// The test certificate of the HTTPS fakes (Azure's SDK refuses bearer tokens over plain HTTP).
// scripts/with-peers.ts makes one self-signed certificate for 127.0.0.1/localhost per run and hands
// its files to the tests (DISCOVERY_TEST_TLS_CERT / DISCOVERY_TEST_TLS_KEY), with NODE_EXTRA_CA_CERTS
// pointing at it so every client in the test processes trusts it. Node reads NODE_EXTRA_CA_CERTS only
// at start-up, so the certificate must exist before the test process does.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Writes `cert.pem` and `key.pem` for 127.0.0.1 and localhost into `dir` (openssl, valid 7 days). */
export async function makeTestCertificate(dir: string): Promise<{ cert: string; key: string }> {
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  await run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-sha256',
    '-days',
    '7',
    '-subj',
    '/CN=127.0.0.1',
    '-addext',
    'subjectAltName=IP:127.0.0.1,DNS:localhost',
    '-keyout',
    key,
    '-out',
    cert,
  ]);
  return { cert, key };
}

/** The certificate and key handed to this process, for an HTTPS fake; fails loudly without them. */
export async function testTlsFiles(): Promise<{ cert: Buffer; key: Buffer }> {
  const cert = process.env.DISCOVERY_TEST_TLS_CERT;
  const key = process.env.DISCOVERY_TEST_TLS_KEY;
  if (!cert || !key) {
    throw new Error(
      'HTTPS fake: DISCOVERY_TEST_TLS_CERT / DISCOVERY_TEST_TLS_KEY are not set — run through scripts/with-peers.ts (npm test), which makes the certificate and sets NODE_EXTRA_CA_CERTS',
    );
  }
  return { cert: await readFile(cert), key: await readFile(key) };
}
