import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { ConfigError, InvalidCredentialsError } from './errors.js';

/** Credentials stored by Discovery itself: AES-256-GCM, key from DISCOVERY_ENCRYPTION_KEY. */
export interface EncryptedBlob {
  alg: 'aes-256-gcm';
  iv: string;
  tag: string;
  data: string;
}

function keyBytes(hexKey: string): Buffer {
  if (!/^[0-9a-f]{64}$/i.test(hexKey)) {
    throw new ConfigError([
      'DISCOVERY_ENCRYPTION_KEY: must be set to 64 hexadecimal characters to store or read Discovery-format credentials',
    ]);
  }
  return Buffer.from(hexKey, 'hex');
}

export function encryptJson(value: unknown, hexKey: string, aad = ''): EncryptedBlob {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyBytes(hexKey), iv);
  if (aad) cipher.setAAD(Buffer.from(aad));
  const data = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return {
    alg: 'aes-256-gcm',
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    data: data.toString('base64'),
  };
}

export function decryptJson(blob: EncryptedBlob, hexKey: string, aad = ''): unknown {
  const key = keyBytes(hexKey);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(blob.iv, 'base64'), {
      authTagLength: 16,
    });
    if (aad) decipher.setAAD(Buffer.from(aad));
    decipher.setAuthTag(Buffer.from(blob.tag, 'base64'));
    const text = Buffer.concat([
      decipher.update(Buffer.from(blob.data, 'base64')),
      decipher.final(),
    ]).toString('utf8');
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new InvalidCredentialsError(
      'stored credentials cannot be decrypted with DISCOVERY_ENCRYPTION_KEY (wrong key or tampered data)',
      {},
      err,
    );
  }
}
