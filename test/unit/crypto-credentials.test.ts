// core/crypto.ts (AES-256-GCM blobs), core/credentials.ts (Maestro `conn` JWT and Discovery `credentials`)
// and providers/aws/credentials.ts (the AWS fields of decoded credentials).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SignJWT, UnsecuredJWT } from 'jose';
import { ObjectId } from 'mongodb';
import { decodeCredentials, type CredentialSecrets } from '../../core/credentials.js';
import { decryptJson, encryptJson, type EncryptedBlob } from '../../core/crypto.js';
import { ConfigError, ErrorType, InvalidCredentialsError } from '../../core/errors.js';
import { parseAwsCredentials } from '../../providers/aws/credentials.js';
import type { ConnectionDoc } from '../../store/connections.js';

const KEY = '0f1e2d3c4b5a69788796a5b4c3d2e1f00112233445566778899aabbccddeeff0';
const OTHER_KEY = 'ffeeddccbbaa99887766554433221100f0e1d2c3b4a5968778695a4b3c2d1e0f';
const JWT_SECRET = 'maestro-jwt-secret-for-tests';
const AWS = { access: 'TESTACCESSKEYEXAMPLE', secret: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };

const b64 = (buf: Buffer): string => buf.toString('base64');
const unb64 = (s: string): Buffer => Buffer.from(s, 'base64');

/** Flips one bit of a base64 field. */
function flipBit(field: string, byte = 0): string {
  const buf = unb64(field);
  buf[byte] = buf[byte]! ^ 0x01;
  return b64(buf);
}

/** Runs fn, which must throw an instance of `type`; returns the error. */
async function rejection<E extends Error>(
  fn: () => unknown,
  type: abstract new (...args: never[]) => E,
): Promise<E> {
  try {
    await fn();
  } catch (err) {
    assert.ok(err instanceof type, `expected ${type.name}, got ${String(err)}`);
    return err;
  }
  assert.fail(`expected ${type.name} to be thrown`);
}

function conn(fields: Partial<ConnectionDoc> = {}): ConnectionDoc {
  return {
    _id: new ObjectId('65a1f0c2e4b0a1b2c3d4e5f6'),
    provider: 'AWS',
    service: 'iam_aws',
    dc: 'Production AWS',
    ...fields,
  };
}

function signConn(payload: Record<string, unknown>, secret = JWT_SECRET, alg = 'HS256'): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ alg, typ: 'JWT' }).sign(new TextEncoder().encode(secret));
}

const SECRETS: CredentialSecrets = { secretJwt: JWT_SECRET, encryptionKey: KEY };

void describe('crypto: encryptJson / decryptJson', () => {
  void test('round-trips a JSON value', () => {
    const value = { ...AWS, nested: { list: [1, 'two', null, true] } };
    assert.deepEqual(decryptJson(encryptJson(value, KEY), KEY), value);
  });

  void test('the blob is AES-256-GCM with a 96-bit IV and a 128-bit tag, and hides the plaintext', () => {
    const blob = encryptJson(AWS, KEY);
    assert.deepEqual(Object.keys(blob).sort(), ['alg', 'data', 'iv', 'tag']);
    assert.equal(blob.alg, 'aes-256-gcm');
    assert.equal(unb64(blob.iv).length, 12);
    assert.equal(unb64(blob.tag).length, 16);
    assert.equal(
      unb64(blob.data).length,
      JSON.stringify(AWS).length,
      'GCM: ciphertext as long as the plaintext',
    );
    assert.ok(!unb64(blob.data).toString('latin1').includes(AWS.secret));
    assert.ok(!JSON.stringify(blob).includes(AWS.access));
  });

  void test('two encryptions of the same value differ (fresh IV)', () => {
    const a = encryptJson(AWS, KEY);
    const b = encryptJson(AWS, KEY);
    assert.notEqual(a.iv, b.iv);
    assert.notEqual(a.data, b.data);
  });

  void test('an upper-case key is the same key', () => {
    assert.deepEqual(decryptJson(encryptJson(AWS, KEY.toUpperCase()), KEY), AWS);
  });

  void test('the additional data binds the blob: same AAD decrypts, another or none does not', async () => {
    const blob = encryptJson(AWS, KEY, 'connection-1');
    assert.deepEqual(decryptJson(blob, KEY, 'connection-1'), AWS);
    await rejection(() => decryptJson(blob, KEY, 'connection-2'), InvalidCredentialsError);
    await rejection(() => decryptJson(blob, KEY), InvalidCredentialsError);
  });

  void test('a wrong key → InvalidCredentialsError naming DISCOVERY_ENCRYPTION_KEY', async () => {
    const err = await rejection(() => decryptJson(encryptJson(AWS, KEY), OTHER_KEY), InvalidCredentialsError);
    assert.equal(err.type, ErrorType.InvalidCredentials);
    assert.equal(err.retryable, false);
    assert.match(err.message, /DISCOVERY_ENCRYPTION_KEY/);
    assert.match(err.message, /wrong key or tampered data/);
    assert.ok(err.cause instanceof Error, 'keeps the crypto error as cause');
  });

  for (const [what, tamper] of [
    ['ciphertext', (b: EncryptedBlob): EncryptedBlob => ({ ...b, data: flipBit(b.data, 3) })],
    ['iv', (b: EncryptedBlob): EncryptedBlob => ({ ...b, iv: flipBit(b.iv) })],
    ['tag', (b: EncryptedBlob): EncryptedBlob => ({ ...b, tag: flipBit(b.tag, 15) })],
    ['empty tag', (b: EncryptedBlob): EncryptedBlob => ({ ...b, tag: '' })],
    [
      'truncated ciphertext',
      (b: EncryptedBlob): EncryptedBlob => ({ ...b, data: b64(unb64(b.data).subarray(1)) }),
    ],
    [
      'swapped data',
      (b: EncryptedBlob): EncryptedBlob => ({ ...b, data: encryptJson({ access: 'x' }, KEY).data }),
    ],
  ] as const) {
    void test(`tampered ${what} → InvalidCredentialsError`, async () => {
      await rejection(() => decryptJson(tamper(encryptJson(AWS, KEY)), KEY), InvalidCredentialsError);
    });
  }

  void test('a truncated authentication tag is rejected', async () => {
    const blob = encryptJson(AWS, KEY);
    await rejection(
      () => decryptJson({ ...blob, tag: b64(unb64(blob.tag).subarray(0, 4)) }, KEY),
      InvalidCredentialsError,
    );
  });

  for (const [what, key] of [
    ['empty', ''],
    ['too short', KEY.slice(0, 63)],
    ['too long', `${KEY}0`],
    ['not hex', 'g'.repeat(64)],
    ['base64 instead of hex', Buffer.alloc(32, 7).toString('base64')],
  ] as const) {
    void test(`a bad key (${what}) → ConfigError naming DISCOVERY_ENCRYPTION_KEY, for encrypt and decrypt`, async () => {
      for (const fn of [() => encryptJson(AWS, key), () => decryptJson(encryptJson(AWS, KEY), key)]) {
        const err = await rejection(fn, ConfigError);
        assert.equal(err.type, ErrorType.Config);
        assert.equal(err.problems.length, 1);
        assert.match(err.problems[0]!, /^DISCOVERY_ENCRYPTION_KEY: /);
        assert.ok(!(err instanceof InvalidCredentialsError));
      }
    });
  }
});

void describe('decodeCredentials: Maestro `conn` JWT', () => {
  void test('an HS256 token signed with MAESTRO_SECRETJWT → its payload', async () => {
    const token = await signConn(AWS);
    assert.deepEqual(await decodeCredentials(conn({ conn: token }), SECRETS), AWS);
  });

  void test('works without DISCOVERY_ENCRYPTION_KEY (Maestro-format connections need no key)', async () => {
    const token = await signConn(AWS);
    assert.deepEqual(
      await decodeCredentials(conn({ conn: token }), { secretJwt: JWT_SECRET, encryptionKey: '' }),
      AWS,
    );
  });

  void test('a token signed with another secret → InvalidCredentialsError naming MAESTRO_SECRETJWT', async () => {
    const token = await signConn(AWS, 'some-other-secret');
    const err = await rejection(
      () => decodeCredentials(conn({ conn: token }), SECRETS),
      InvalidCredentialsError,
    );
    assert.match(err.message, /MAESTRO_SECRETJWT/);
    assert.equal(err.retryable, false);
    assert.ok(!err.message.includes(AWS.secret), 'the message does not leak the secret');
  });

  void test('an unsigned token (alg "none") is rejected', async () => {
    const token = new UnsecuredJWT(AWS).encode();
    assert.match(token, /\.$/, 'an unsecured JWT has an empty signature');
    const err = await rejection(
      () => decodeCredentials(conn({ conn: token }), SECRETS),
      InvalidCredentialsError,
    );
    assert.match(err.message, /MAESTRO_SECRETJWT/);
  });

  void test('a token with alg "none" but the original signature kept is rejected', async () => {
    const [, payload, signature] = (await signConn(AWS)).split('.');
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    await rejection(
      () => decodeCredentials(conn({ conn: `${header}.${payload}.${signature}` }), SECRETS),
      InvalidCredentialsError,
    );
  });

  void test('another HMAC algorithm with the right secret is rejected (HS256 only)', async () => {
    const token = await signConn(AWS, JWT_SECRET, 'HS512');
    await rejection(() => decodeCredentials(conn({ conn: token }), SECRETS), InvalidCredentialsError);
  });

  void test('a payload edited after signing is rejected', async () => {
    const [header, , signature] = (await signConn(AWS)).split('.');
    const forged = Buffer.from(JSON.stringify({ ...AWS, access: 'FORGEDACCESSKEY00000' })).toString(
      'base64url',
    );
    await rejection(
      () => decodeCredentials(conn({ conn: `${header}.${forged}.${signature}` }), SECRETS),
      InvalidCredentialsError,
    );
  });

  void test('a value that is not a JWT is rejected', async () => {
    await rejection(() => decodeCredentials(conn({ conn: 'not-a-jwt' }), SECRETS), InvalidCredentialsError);
  });
});

void describe('decodeCredentials: Discovery `credentials` (encrypted)', () => {
  void test('decrypts with DISCOVERY_ENCRYPTION_KEY, bound to the connection id', async () => {
    const c = conn();
    const credentials = encryptJson(AWS, KEY, String(c._id));
    assert.deepEqual(await decodeCredentials({ ...c, credentials }, SECRETS), AWS);
  });

  void test('string connection ids work the same', async () => {
    const credentials = encryptJson(AWS, KEY, 'conn-aws-1');
    assert.deepEqual(await decodeCredentials(conn({ _id: 'conn-aws-1', credentials }), SECRETS), AWS);
  });

  void test('without the key → ConfigError naming DISCOVERY_ENCRYPTION_KEY and the connection', async () => {
    const c = conn();
    const credentials = encryptJson(AWS, KEY, String(c._id));
    const err = await rejection(
      () => decodeCredentials({ ...c, credentials }, { secretJwt: JWT_SECRET, encryptionKey: '' }),
      ConfigError,
    );
    assert.match(err.problems[0]!, /^DISCOVERY_ENCRYPTION_KEY: /);
    assert.match(err.message, /65a1f0c2e4b0a1b2c3d4e5f6/);
  });

  void test('with the wrong key → InvalidCredentialsError', async () => {
    const c = conn();
    const credentials = encryptJson(AWS, OTHER_KEY, String(c._id));
    await rejection(() => decodeCredentials({ ...c, credentials }, SECRETS), InvalidCredentialsError);
  });

  void test('credentials copied from another connection are rejected (AAD = connection id)', async () => {
    const credentials = encryptJson(AWS, KEY, '65a1f0c2e4b0a1b2c3d4e5f6');
    const other = conn({ _id: new ObjectId('65a1f0c2e4b0a1b2c3d4e5ff'), credentials });
    await rejection(() => decodeCredentials(other, SECRETS), InvalidCredentialsError);
  });

  void test('encrypted credentials that are not an object → InvalidCredentialsError', async () => {
    for (const value of ['AKIA', null, 42]) {
      const c = conn();
      const credentials = encryptJson(value, KEY, String(c._id));
      await rejection(() => decodeCredentials({ ...c, credentials }, SECRETS), InvalidCredentialsError);
    }
  });

  void test('when both are present the encrypted credentials are used', async () => {
    const c = conn({ conn: await signConn({ access: 'MAESTROACCESSKEY0000', secret: 'old' }) });
    const credentials = encryptJson(AWS, KEY, String(c._id));
    assert.deepEqual(await decodeCredentials({ ...c, credentials }, SECRETS), AWS);
  });
});

void describe('decodeCredentials: no credentials', () => {
  for (const [what, fields] of [
    ['neither field', {}],
    ['an empty conn', { conn: '' }],
  ] as const) {
    void test(`${what} → InvalidCredentialsError naming the connection`, async () => {
      const err = await rejection(() => decodeCredentials(conn(fields), SECRETS), InvalidCredentialsError);
      assert.match(err.message, /65a1f0c2e4b0a1b2c3d4e5f6/);
      assert.match(err.message, /no credentials/);
    });
  }
});

void describe('parseAwsCredentials', () => {
  void test('Maestro fields access/secret → SDK credentials, no session token', () => {
    assert.deepEqual(parseAwsCredentials(AWS), { accessKeyId: AWS.access, secretAccessKey: AWS.secret });
  });

  void test('SDK-style names and a session token are accepted', () => {
    assert.deepEqual(
      parseAwsCredentials({
        accessKeyId: 'ASIAEXAMPLE',
        secretAccessKey: 's3cr3t',
        session_token: 'FwoGZXIvYXdzEXAMPLE',
      }),
      { accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 's3cr3t', sessionToken: 'FwoGZXIvYXdzEXAMPLE' },
    );
    assert.deepEqual(parseAwsCredentials({ ...AWS, sessionToken: 'tok' }).sessionToken, 'tok');
    assert.equal('sessionToken' in parseAwsCredentials({ ...AWS, session_token: '' }), false);
  });

  for (const [what, decoded, field] of [
    ['missing access', { secret: AWS.secret }, 'access'],
    ['empty access', { access: '', secret: AWS.secret }, 'access'],
    ['non-string access', { access: 12345, secret: AWS.secret }, 'access'],
    ['missing secret', { access: AWS.access }, 'secret'],
    ['empty secret', { access: AWS.access, secret: '' }, 'secret'],
    ['both missing (access reported first)', {}, 'access'],
  ] as const) {
    void test(`${what} → InvalidCredentialsError naming "${field}"`, async () => {
      const err = await rejection(() => parseAwsCredentials(decoded), InvalidCredentialsError);
      assert.match(err.message, new RegExp(`field "${field}"`));
      assert.deepEqual(err.details, { field });
      assert.equal(err.retryable, false);
    });
  }

  void test('a Maestro connection decodes end to end into SDK credentials', async () => {
    const decoded = await decodeCredentials(conn({ conn: await signConn(AWS) }), SECRETS);
    assert.deepEqual(parseAwsCredentials(decoded), { accessKeyId: AWS.access, secretAccessKey: AWS.secret });
  });
});
