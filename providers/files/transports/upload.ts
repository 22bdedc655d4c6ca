// Upload transport (spec §5.6 "Upload"): the files a user uploaded to Maestro, fetched from server-app
// one artifact at a time: `GET MAESTRO_SERVER_URI/users/upload/file?filename=<name>` with Maestro's
// private service token. The listing is the connection's `artifacts`, in order (one listing page; the
// page token holds the artifact index).
import { request } from 'undici';
import { PermissionDeniedError, ThrottledError, TransientError } from '../../../core/errors.js';
import type { FileSource } from '../cursor.js';
import { FileDataError } from '../errors.js';

export interface UploadOptions {
  /** server-app's base URL (MAESTRO_SERVER_URI). */
  serverUri: string;
  /** `Authorization: JWT <token>`: Maestro's private token (core/http.ts privateToken). */
  token: () => Promise<string>;
  timeoutMs: number;
  artifacts: readonly string[];
}

export function uploadSource(opts: UploadOptions): FileSource {
  const base = opts.serverUri.replace(/\/+$/, '');
  return {
    where: `${base}/users/upload/file`,
    list: () => Promise.resolve({ names: [...opts.artifacts], next: undefined }),
    async open(name, signal) {
      const url = `${base}/users/upload/file?filename=${encodeURIComponent(name)}`;
      let res;
      try {
        res = await request(url, {
          method: 'GET',
          headers: { authorization: `JWT ${await opts.token()}`, accept: 'application/json' },
          headersTimeout: opts.timeoutMs,
          bodyTimeout: opts.timeoutMs,
          signal,
        });
      } catch (err) {
        throw new TransientError(`upload ${name}: ${(err as Error).message}`, { file: name }, err);
      }
      const status = res.statusCode;
      if (status >= 200 && status < 300) return res.body;
      const text = (await res.body.text().catch(() => '')).slice(0, 200);
      const why = `server-app answered HTTP ${status}${text ? `: ${text}` : ''}`;
      if (status === 401 || status === 403)
        throw new PermissionDeniedError(
          `upload ${name}: ${why} (is MAESTRO_SECRETJWT_PRIVATE server-app's?)`,
          {
            file: name,
            status,
          },
        );
      if (status === 429) throw new ThrottledError(`upload ${name}: ${why}`);
      if (status >= 500) throw new TransientError(`upload ${name}: ${why}`, { file: name, status });
      throw new FileDataError(name, status === 404 ? 'not found on server-app (HTTP 404)' : why);
    },
    close: () => Promise.resolve(),
  };
}
