// The provider conformance suite (test/harness/conformance.ts) on the GCP fake: an organization
// connection (its first project, acme-prod, is listed), page size 3, Google's faults injected in the
// fake, and a crawl through Temporal checked for empty values and leaked key material.
import { parseGcpCredentials } from '../../providers/gcp/credentials.js';
import { gcpProvider } from '../../providers/gcp/index.js';
import { googleErrors } from '../../tooling/fakes/gcp/errors.js';
import { seedMaestroConnection } from '../harness/connections.js';
import { describeConformance } from '../harness/conformance.js';
import { ORG, startGcpTestWorld } from '../harness/gcp-world.js';
import { after } from 'node:test';
import { ObjectId } from 'mongodb';

const w = await startGcpTestWorld();
after(() => w.gcp.close());
const prod = w.gcp.world.projects.find((p) => p.projectId === 'acme-prod');
if (!prod) throw new Error('acme-prod missing from the test world');
const key = w.gcp.world.keys.get(w.key.private_key_id);
if (!key) throw new Error('the test key is not registered');
// The key's body lines: any of them in a record, a log line or a history is a leak.
const keyLines = w.key.private_key.split('\n').filter((l) => l.length > 40);

describeConformance({
  definition: gcpProvider,
  settings: () => ({ endpoint: w.gcp.endpoint }),
  connection: () => ({
    id: 'conformance-gcp',
    provider: 'GCP',
    service: 'sa_gcp',
    dc: 'Acme GCP',
    dcId: 'dc-1',
    regions: ['all'],
    options: {},
    credentials: parseGcpCredentials({ credentials: JSON.stringify(w.key), parent: ORG }),
  }),
  pageSize: 3,
  faults: {
    InvalidCredentials: () => {
      key.revoked = true;
      return () => {
        key.revoked = false;
      };
    },
    PermissionDenied: () => {
      prod.denied = true;
      return () => {
        prod.denied = false;
      };
    },
    RegionDisabled: () => {
      prod.computeDisabled = true;
      return () => {
        prod.computeDisabled = false;
      };
    },
    Throttled: () => {
      w.gcp.fake.inject({ match: () => true, ...googleErrors.rateLimited(), retryAfter: 2 });
      return () => w.gcp.fake.clearFaults();
    },
    Transient: () => {
      w.gcp.fake.inject({ match: () => true, ...googleErrors.unavailable() });
      return () => w.gcp.fake.clearFaults();
    },
  },
  secrets: [w.key.private_key, w.key.private_key_id, ...keyLines],
  crawl: {
    task: 'server-list',
    env: { GCP_ENDPOINT_URL: w.gcp.endpoint, MAESTRO_SCAN_QTD: '3' },
    // The tenant's applications named by the instances' `applications` metadata item exist, so the
    // links resolve (an unresolved token list is stored as `applications: []` by design).
    seed: async (db, config) => {
      const ownerId = new ObjectId();
      const roles = [{ _id: ownerId, name: 'Tenant', role: 7, refs: 'users' }];
      await db.collection('applications').insertMany([
        { name: 'shop', family: 'Application', roles, active: true },
        { name: 'checkout', family: 'Application', roles, active: true },
      ]);
      return seedMaestroConnection(db, {
        provider: 'GCP',
        service: 'sa_gcp',
        regions: ['all'],
        dc: 'Acme GCP',
        ownerId,
        secretJwt: config.secretJwt,
        credentials: { credentials: JSON.stringify(w.key), project: 'acme-prod' },
      });
    },
  },
});
