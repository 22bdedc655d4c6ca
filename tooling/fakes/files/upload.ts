// server-app's upload download route, the one Discovery's upload transport calls (spec §5.6 "Upload"):
// `GET /users/upload/file?filename=<name>` with Maestro's private token (`Authorization: JWT <token>`,
// HS256 with MAESTRO_SECRETJWT_PRIVATE, carrying `noauth`). Files are a name → content table the test
// can change between crawls; faults (401, 404, 500, a body that is not JSON) come from the kit.
import { jwtVerify } from 'jose';
import { startFakeServer, type FakeRequest, type FakeServer } from '../kit.js';

export interface UploadFake extends FakeServer {
  /** name → file content; edit it to add, change or remove files. */
  files: Map<string, string>;
}

export interface UploadFakeOptions {
  secret: string;
  noauth: string;
  files?: Record<string, string>;
}

async function tokenOk(req: FakeRequest, secret: string, noauth: string): Promise<boolean> {
  const m = /^JWT\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  if (!m) return false;
  try {
    const { payload } = await jwtVerify(m[1] as string, new TextEncoder().encode(secret), {
      algorithms: ['HS256'],
    });
    return payload.noauth === noauth;
  } catch {
    return false;
  }
}

export async function startUploadFake(opts: UploadFakeOptions): Promise<UploadFake> {
  const files = new Map(Object.entries(opts.files ?? {}));
  const fake = await startFakeServer({
    name: 'server-app upload',
    // server-app's passport-jwt answers a bad token with a bare 401 "Unauthorized".
    auth: async (req) =>
      (await tokenOk(req, opts.secret, opts.noauth)) ? undefined : { status: 401, body: 'Unauthorized' },
    routes: [
      {
        method: 'GET',
        path: '/users/upload/file',
        name: 'upload-file',
        handler: (req) => {
          const name = req.query.get('filename') ?? '';
          const content = files.get(name);
          if (content === undefined)
            return { status: 404, body: { error: 'File not found', filename: name } };
          return { headers: { 'content-type': 'application/json' }, body: Buffer.from(content) };
        },
      },
    ],
    // What the route serves must be the JSON the user uploaded (faults excepted: they bypass this).
    validate: (_req, res) => {
      try {
        JSON.parse(Buffer.isBuffer(res.body) ? res.body.toString('utf8') : String(res.body));
        return [];
      } catch (err) {
        return [`served a file that is not JSON: ${(err as Error).message}`];
      }
    },
  });
  return Object.assign(fake, { files });
}
