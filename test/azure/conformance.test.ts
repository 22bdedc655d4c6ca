// The provider conformance suite (test/harness/conformance.ts) on the fake ARM server: every command
// pages, records are clean and stable, each Azure fault is classified, and a crawl through Temporal
// leaks no secret or token into the store, the worker's log or the workflow histories.
import { after } from 'node:test';
import { azureProvider } from '../../providers/azure/index.js';
import { AZURE_ERRORS } from '../../tooling/fakes/azure/arm.js';
import { AZ_CLIENT, AZ_CTX, AZ_SECRET, AZ_SUB1, AZ_TENANT, startAzureFake } from '../harness/azure.js';
import { describeConformance } from '../harness/conformance.js';
import { seedMaestroConnection } from '../harness/connections.js';

const fake = await startAzureFake({ pageSize: 3 });
after(() => fake.close());

/** A fault on every request of the first subscription, removed again by the returned function. */
const fault = (status: number, body: unknown, retryAfter?: number) => () => {
  fake.failSubscription(AZ_SUB1, { status, body, ...(retryAfter === undefined ? {} : { retryAfter }) });
  return () => fake.server.clearFaults();
};

describeConformance({
  definition: azureProvider,
  settings: () => ({ authorityHost: fake.authorityHost, armEndpoint: fake.url }),
  connection: () => ({
    id: AZ_CTX.connectionId,
    provider: 'Azure',
    service: 'sub_azure',
    dc: 'Azure test',
    dcId: AZ_CTX.dcId,
    regions: ['all'],
    options: {},
    // No `sub`: every subscription the principal sees.
    credentials: { tenant: AZ_TENANT, client: AZ_CLIENT, secret: AZ_SECRET },
  }),
  pageSize: 3,
  faults: {
    InvalidCredentials: fault(401, AZURE_ERRORS.invalidToken()),
    PermissionDenied: fault(
      403,
      AZURE_ERRORS.authorizationFailed(AZ_SUB1, 'Microsoft.Compute/virtualMachines/read'),
    ),
    RegionDisabled: fault(404, AZURE_ERRORS.subscriptionNotFound(AZ_SUB1)),
    Throttled: fault(429, AZURE_ERRORS.throttled(AZ_SUB1), 2),
    Transient: fault(503, AZURE_ERRORS.internal()),
  },
  // Every token the fake issues starts with this prefix: none may leak either.
  secrets: [AZ_SECRET, 'fake-arm-token-'],
  crawl: {
    task: 'server-list',
    env: { AZURE_AUTHORITY_HOST: fake.authorityHost, AZURE_ARM_ENDPOINT: fake.url },
    seed: (db, config) =>
      seedMaestroConnection(db, {
        provider: 'Azure',
        service: 'sub_azure',
        dc: 'Azure test',
        regions: ['all'],
        secretJwt: config.secretJwt,
        credentials: { client: AZ_CLIENT, secret: AZ_SECRET, tenant: AZ_TENANT, sub: '' },
      }),
  },
});
