// DO Spaces' regional endpoints in front of moto's S3: `<url>/<region>` is the endpoint of a region
// (the provider's endpoint template `<url>/{region}`). ListBuckets is answered from moto's buckets of
// that region (`bucket-region`), paged the way S3 pages it (`max-buckets`, `continuation-token`,
// which moto ignores), after checking the request's access key; faults are injected per region with
// the kit (`inject({match: /^\/fra1/, ...})`) and S3's XML error bodies (`s3Error`).
import { request } from 'undici';
import { decodeToken, encodeToken, slice, startFakeServer, type FakeServer } from '../kit.js';

interface Bucket {
  name: string;
  created: string;
}

function parseBuckets(xml: string): Bucket[] {
  return [...xml.matchAll(/<Bucket>([\s\S]*?)<\/Bucket>/g)].map((m) => ({
    name: /<Name>(.*?)<\/Name>/.exec(m[1] ?? '')?.[1] ?? '',
    created: /<CreationDate>(.*?)<\/CreationDate>/.exec(m[1] ?? '')?.[1] ?? '',
  }));
}

/** S3's error document (what Spaces answers, being S3-compatible). */
export function s3Error(code: string, message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message><RequestId>fake</RequestId></Error>`;
}

export async function startSpacesEndpoints(opts: { moto: string; access: string }): Promise<FakeServer> {
  return startFakeServer({
    name: 'spaces',
    auth: (req) => {
      const key = /Credential=([^/]+)\//.exec(String(req.headers.authorization ?? ''))?.[1];
      return key === opts.access
        ? undefined
        : {
            status: 403,
            headers: { 'content-type': 'application/xml' },
            body: s3Error(
              'InvalidAccessKeyId',
              'The AWS Access Key Id you provided does not exist in our records.',
            ),
          };
    },
    routes: [
      {
        method: 'GET',
        path: '/:region',
        name: 'listBuckets',
        handler: async (req) => {
          const region = req.params.region ?? '';
          const res = await request(`${opts.moto}/?bucket-region=${encodeURIComponent(region)}`);
          const all = parseBuckets(await res.body.text()).sort((a, b) => a.name.localeCompare(b.name));
          const max = Number(req.query.get('max-buckets') ?? 10_000);
          const page = slice(all, decodeToken(req.query.get('continuation-token')), max, 10_000);
          const buckets = page.items
            .map((b) => `<Bucket><Name>${b.name}</Name><CreationDate>${b.created}</CreationDate></Bucket>`)
            .join('');
          const next =
            page.next === undefined ? '' : `<ContinuationToken>${encodeToken(page.next)}</ContinuationToken>`;
          return {
            headers: { 'content-type': 'application/xml' },
            body: `<?xml version="1.0" encoding="UTF-8"?><ListAllMyBucketsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Owner><ID>fake</ID><DisplayName>fake</DisplayName></Owner><Buckets>${buckets}</Buckets>${next}</ListAllMyBucketsResult>`,
          };
        },
      },
    ],
  });
}
