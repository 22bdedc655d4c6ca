// The provider conformance suite (test/harness/conformance.ts) on OpenStack: real Keystone and the
// OpenStack fake, every command paged, faults injected with each service's own bodies.
import { before } from 'node:test';
import { openstackProvider } from '../../providers/openstack/index.js';
import { parseOpenStackSecrets } from '../../providers/openstack/credentials.js';
import { faultBody } from '../../tooling/fakes/openstack/fake.js';
import { describeConformance } from '../harness/conformance.js';
import { seedOpenStackConnection, startOpenStackEnv, type OpenStackEnv } from '../harness/openstack-env.js';

const PASSWORD = 'os-conformance-Secret-4711';
let os: OpenStackEnv;
before(async () => {
  os = await startOpenStackEnv({
    password: PASSWORD,
    regions: ['RegionOne'],
    counts: {
      servers: 5,
      images: 5,
      volumes: 5,
      snapshots: 5,
      networks: 5,
      subnets: 5,
      ports: 5,
      routers: 5,
      security_groups: 5,
      loadbalancers: 5,
    },
  });
});

const servers =
  (status: number, extra: { retryAfter?: number } = {}) =>
  () => {
    os.fake.server.inject({
      match: 'nova-servers',
      status,
      ...extra,
      body: faultBody('compute', status, `injected ${status}`),
    });
    return () => os.fake.server.clearFaults();
  };

describeConformance({
  definition: openstackProvider,
  settings: () => ({}),
  connection: () => ({
    id: 'conn-openstack-conformance',
    provider: 'OpenStack',
    service: 'Openstack',
    dc: 'Openstack',
    dcId: 'dc-openstack',
    regions: ['RegionOne'],
    options: os.connFields,
    credentials: parseOpenStackSecrets(os.decoded),
  }),
  pageSize: 2,
  faults: {
    // A 401 the renewed token meets again: the credentials no longer work.
    InvalidCredentials: () => {
      os.fake.server.inject({
        match: 'nova-servers',
        status: 401,
        body: {
          error: {
            code: 401,
            title: 'Unauthorized',
            message: 'The request you have made requires authentication.',
          },
        },
      });
      return () => os.fake.server.clearFaults();
    },
    PermissionDenied: servers(403),
    RegionDisabled: servers(404),
    Throttled: servers(429, { retryAfter: 2 }),
    Transient: servers(503),
  },
  secrets: [PASSWORD],
  crawl: {
    task: 'network-list',
    env: {},
    seed: (db, config) => seedOpenStackConnection(db, os, { secretJwt: config.secretJwt }),
  },
});
