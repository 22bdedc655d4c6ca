import { InvalidCredentialsError } from '../../core/errors.js';

/** Decoded AWS credentials: Maestro's `conn` JWT carries `access` and `secret` (spec §3.2). */
export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export function parseAwsCredentials(decoded: Record<string, unknown>): AwsCredentials {
  const access = decoded.access ?? decoded.accessKeyId;
  const secret = decoded.secret ?? decoded.secretAccessKey;
  const token = decoded.session_token ?? decoded.sessionToken;
  if (typeof access !== 'string' || access === '') {
    throw new InvalidCredentialsError('AWS credentials: field "access" (access key id) is missing', {
      field: 'access',
    });
  }
  if (typeof secret !== 'string' || secret === '') {
    throw new InvalidCredentialsError('AWS credentials: field "secret" (secret access key) is missing', {
      field: 'secret',
    });
  }
  return {
    accessKeyId: access,
    secretAccessKey: secret,
    ...(typeof token === 'string' && token ? { sessionToken: token } : {}),
  };
}
