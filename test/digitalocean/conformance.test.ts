// The provider conformance suite (test/harness/conformance.ts) for DigitalOcean, on the fake.
import { after, before } from 'node:test';
import { digitaloceanProvider } from '../../providers/digitalocean/index.js';
import { startDoFake, type DoFake } from '../../tooling/fakes/digitalocean/fake.js';
import { seedMaestroConnection } from '../harness/connections.js';
import { describeConformance } from '../harness/conformance.js';
import { conn } from './do-harness.js';

let fake: DoFake;
const TOKEN = 'dop_v1_conformance_secret_token';
/** The crawl's environment: the fake's URL, known once it listens (read by the suite's own before()). */
const crawlEnv: Record<string, string> = {};
before(async () => {
  fake = await startDoFake({ token: TOKEN });
  crawlEnv.DIGITALOCEAN_API_URL = fake.url;
});
after(() => fake?.close());

const fault = (status: 401 | 403 | 404 | 429 | 500) => () => {
  fake.failWith('droplets', status, { times: 100, resetInSeconds: 1 });
  return () => fake.clearFaults();
};

describeConformance({
  definition: digitaloceanProvider,
  settings: () => ({ apiUrl: fake.url }),
  connection: () => conn({ token: TOKEN }),
  pageSize: 3,
  faults: {
    InvalidCredentials: fault(401),
    PermissionDenied: fault(403),
    RegionDisabled: fault(404),
    Throttled: fault(429),
    Transient: fault(500),
  },
  secrets: [TOKEN],
  crawl: {
    task: 'server-list',
    env: crawlEnv,
    seed: (db, config) =>
      seedMaestroConnection(db, {
        provider: 'Digital Ocean',
        service: 'token_do',
        regions: ['all'],
        secretJwt: config.secretJwt,
        credentials: { token: TOKEN },
      }),
  },
});
