// The SDK-using side of the file sources (loaded only when a worker crawls one): a connection's
// transport, and a command's `listPage` over it through the file-page cursor.
import { createHash } from 'node:crypto';
import { DiscoveryError, TransientError, errorMessage } from '../../core/errors.js';
import { ConfigError } from '../../core/errors.js';
import type { ListPageInput, ProviderContext, ProviderRuntime, ResourceKind } from '../types.js';
import type { FileCredentials } from './credentials.js';
import type { FilesSettings } from './definition.js';
import type { FileFormat } from './format.js';
import { closeFileCursors, listFilePage, type FileSource } from './cursor.js';
import type { FileKind } from './kind.js';
import { s3Source } from './transports/s3.js';
import { sshSource } from './transports/ssh.js';
import { uploadSource } from './transports/upload.js';

export interface FilesEnv {
  /** server-app (MAESTRO_SERVER_URI), for uploaded files. */
  serverUri: string;
  /** Maestro's private token, sent to server-app. */
  privateToken: () => Promise<string>;
  /** AWS_ENDPOINT_URL: one endpoint for S3 (moto in the tests); empty: AWS. */
  awsEndpoint: string;
  timeoutMs: number;
}

export function connectSource(c: FileCredentials, env: FilesEnv, pageSize: number): FileSource {
  switch (c.transport) {
    case 'upload':
      return uploadSource({
        serverUri: env.serverUri,
        token: env.privateToken,
        timeoutMs: env.timeoutMs,
        artifacts: c.artifacts,
      });
    case 's3':
      return s3Source({
        bucket: c.bucket,
        prefix: c.path,
        access: c.access,
        secret: c.secret,
        endpoint: env.awsEndpoint,
        region: 'us-east-1',
        timeoutMs: env.timeoutMs,
        maxKeys: pageSize,
      });
    case 'ssh':
      return sshSource({ ...c, timeoutMs: env.timeoutMs });
  }
}

/**
 * Keys a live cursor to the command and the credentials (hashed): two connections reading the same
 * bucket never share a cursor, so a page is always read with its own connection's credentials.
 */
function cursorKey(command: string, c: FileCredentials): string {
  return `${command}:${createHash('sha256').update(JSON.stringify(c)).digest('hex')}`;
}

export function fileResource(kind: FileKind, env: FilesEnv): ResourceKind<FileCredentials> {
  return {
    fields: kind.fields,
    listPage: (input: ListPageInput<FileCredentials>) =>
      listFilePage({
        sourceKey: cursorKey(kind.command, input.connection.credentials),
        connect: () => Promise.resolve(connectSource(input.connection.credentials, env, input.pageSize)),
        extract: kind.extract,
        pageSize: input.pageSize,
        token: input.token,
        signal: input.signal,
      }),
    normalize: kind.normalize,
  };
}

/** The runtime of one format: its commands over the connection's transport. */
export function createFilesRuntime(
  format: FileFormat,
  ctx: ProviderContext<FilesSettings>,
): ProviderRuntime<FileCredentials> {
  const env: FilesEnv = {
    serverUri: ctx.settings.serverUri,
    privateToken:
      ctx.maestroToken ??
      (() => Promise.reject(new ConfigError(['no Maestro private token: upload_* connections need one']))),
    awsEndpoint: ctx.settings.s3Endpoint,
    timeoutMs: ctx.httpTimeoutMs,
  };
  return {
    resources: Object.fromEntries(format.kinds.map((k) => [k.command, fileResource(k, env)])),
    classifyError: classifyFileError,
    close: () => void closeFileCursors(),
  };
}

/**
 * The transports already throw the typed errors (see docs/files.md "Transports"): FileDataError and
 * EmptySourceError (BadProviderData, not retried: the scope fails naming the file), PermissionDenied,
 * InvalidCredentials, Throttled, Transient. Anything else is a network-level surprise: transient.
 */
export function classifyFileError(err: unknown): DiscoveryError {
  if (err instanceof DiscoveryError) return err;
  return new TransientError(errorMessage(err), {}, err);
}
