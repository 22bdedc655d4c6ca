// The provider conformance suite (test/harness/conformance.ts) for DO Spaces: moto's S3 behind the
// regional-endpoint fake (tooling/fakes/digitalocean/spaces.ts), which pages ListBuckets as S3 does and
// checks the Spaces key; faults in S3's XML error bodies. Spaces has no region-disabled answer: a
// region's endpoint that does not answer is a transient failure (docs/digitalocean.md "Errors").
import { after } from 'node:test';
import { spacesProvider } from '../../providers/spaces/index.js';
import { s3Error, startSpacesEndpoints } from '../../tooling/fakes/digitalocean/spaces.js';
import { seedMaestroConnection } from '../harness/connections.js';
import { describeConformance } from '../harness/conformance.js';
import { requirePeers } from '../harness/env.js';
import { conn, seedSpaces } from './do-harness.js';

const KEYS = { access: 'DO00CONFORMANCEKEY', secret: 'spaces-conformance-Secret-4711' };
const REGION = 'nyc3 (New York 3)';

const moto = requirePeers().awsEndpoint;
const stamp = Date.now().toString(36);
await seedSpaces(
  moto,
  'nyc3',
  Array.from({ length: 5 }, (_, i) => `conf-${stamp}-${i + 1}`),
);
const endpoints = await startSpacesEndpoints({ moto, access: KEYS.access });
after(() => endpoints.close());

/** Every request to the nyc3 endpoint answers `code` with HTTP `status`, until removed. */
const fault = (status: number, code: string, retryAfter?: number) => () => {
  endpoints.inject({
    match: /^\/nyc3/,
    status,
    body: s3Error(code, `injected ${code}`),
    headers: { 'content-type': 'application/xml' },
    ...(retryAfter === undefined ? {} : { retryAfter }),
  });
  return () => endpoints.clearFaults();
};

describeConformance({
  definition: spacesProvider,
  settings: () => ({ endpoint: `${endpoints.url}/{region}` }),
  connection: () => ({ ...conn(KEYS, [REGION]), provider: 'Spaces', service: 'spaces_do' }),
  pageSize: 2,
  faults: {
    InvalidCredentials: fault(403, 'InvalidAccessKeyId'),
    PermissionDenied: fault(403, 'AccessDenied'),
    Throttled: fault(503, 'SlowDown', 2),
    Transient: fault(500, 'InternalError'),
  },
  secrets: [KEYS.secret],
  crawl: {
    task: 'storage-object-list',
    env: { SPACES_ENDPOINT: `${endpoints.url}/{region}`, MAESTRO_SCAN_QTD: '2' },
    seed: (db, config) =>
      seedMaestroConnection(db, {
        provider: 'Spaces',
        service: 'spaces_do',
        regions: [REGION],
        secretJwt: config.secretJwt,
        credentials: KEYS,
      }),
  },
});
