// The provider conformance suite (test/harness/conformance.ts) for AWS, on moto: every command of every
// task lists ≥ 2 pages, records are clean and stable, each AWS fault is classified, and a crawl through
// Temporal leaks no secret into the store, the worker's log or the workflow histories.
//
// The provider talks to one endpoint (AWS_ENDPOINT_URL), a chain of loopback servers in front of moto:
//   fault proxy (injected AWS errors) → recorded responses (what moto lacks: CloudSearch, streaming
//   distributions, paged Lambda functions and REST APIs) → EC2 paging proxy (moto ignores MaxResults on
//   most Describe* calls, and DescribeSnapshots' OwnerIds: the proxy applies both) → moto.
// Four list operations are checked on one page, each with the reason (`singlePage`).
import { after, before } from 'node:test';
import { CreateVpcCommand } from '@aws-sdk/client-ec2';
import { awsProvider } from '../../providers/aws/index.js';
import {
  RECORDED_LAMBDA_FUNCTION_PAGES,
  RECORDED_OPERATIONS,
  RECORDED_REST_API_PAGES,
  startRecordedAws,
} from '../harness/aws-recorded.js';
import { ec2, resetMoto, seedRegion, seedSeparateInstances } from '../harness/aws-seed.js';
import { seedImages, seedNetworks, seedSecurityGroups, seedSnapshots } from '../harness/aws-seed-ec2.js';
import {
  seedAutoScaling,
  seedClassicElb,
  seedCloudFront,
  seedDynamoDb,
  seedElastiCache,
  seedElbv2,
  seedLambdaLayers,
  seedRds,
  seedS3,
  seedSes,
  seedSqs,
} from '../harness/aws-seed-services.js';
import { describeConformance } from '../harness/conformance.js';
import { seedMaestroAwsConnection } from '../harness/connections.js';
import { startEc2PagingProxy } from '../harness/ec2-paging-proxy.js';
import { requirePeers } from '../harness/env.js';
import { startFaultProxy, type FaultRule } from '../harness/fault-proxy.js';

const REGION = 'eu-west-1';
/** moto accepts any key pair; these are unique so that a leak is found by the suite. */
const ACCESS = 'AKIACONFORMANCE4711X';
const SECRET = 'aws-conformance-Secret/4711+xyz';
/** EC2's smallest MaxResults: the provider raises smaller page sizes to it. */
const PAGE_SIZE = 5;

const moto = requirePeers().awsEndpoint;
const paging = await startEc2PagingProxy(moto, { snapshotOwners: true });
const recorded = await startRecordedAws(paging.url, [
  ...RECORDED_OPERATIONS,
  RECORDED_LAMBDA_FUNCTION_PAGES,
  RECORDED_REST_API_PAGES,
]);
const faults = await startFaultProxy(recorded.endpoint);
after(async () => {
  await faults.close();
  await recorded.close();
  await paging.close();
});

before(async () => {
  await resetMoto(moto);
  // EC2: instances in separate reservations (moto pages DescribeInstances by reservation), volumes,
  // snapshots, images, security groups and every network-list kind, each more than one page of 5.
  await seedRegion(moto, REGION, 2, 2);
  await seedSeparateInstances(moto, REGION, 6);
  await seedSnapshots(moto, REGION, 6);
  await seedImages(moto, REGION, 6);
  const client = ec2(moto, REGION);
  const vpc = await client.send(new CreateVpcCommand({ CidrBlock: '10.200.0.0/16' }));
  client.destroy();
  await seedSecurityGroups(moto, REGION, vpc.Vpc?.VpcId as string, 6);
  await seedNetworks(moto, REGION, 6);
  // The other services: more than one page of 5, or of the service's own minimum (RDS and
  // ElastiCache raise any smaller page size to 20).
  await seedElbv2(moto, REGION, 'web', 6);
  await seedClassicElb(moto, REGION, 'classic', 6);
  await seedAutoScaling(moto, REGION, 'asg', 6);
  await seedRds(moto, REGION, 'db', 21);
  await seedS3(moto, 'conformance-bucket', 6);
  await seedSqs(moto, REGION, 'jobs', 6);
  await seedElastiCache(moto, REGION, 'cache', 21);
  await seedSes(moto, REGION, 'mail', 6);
  await seedCloudFront(moto, 'cdn', 6);
  await seedLambdaLayers(moto, REGION, 'layer', 6);
  await seedDynamoDb(moto, REGION, 'orders', 6);
});

/** Every DescribeInstances call answers `code` with HTTP `status` until the fault is removed. */
const fault = (status: number, code: string) => () => {
  const rule: FaultRule = { action: 'DescribeInstances', status, code };
  faults.rules.push(rule);
  return () => {
    faults.rules.splice(faults.rules.indexOf(rule), 1);
  };
};

describeConformance({
  definition: awsProvider,
  settings: () => ({ endpoint: faults.url, ownerIds: ['self'] }),
  connection: () => ({
    id: '65a1f0c2e4b0a1b2c3d4e5f6',
    provider: 'AWS',
    service: 'iam_aws',
    dc: 'AWS conformance',
    dcId: '65a1f0c2e4b0a1b2c3d4e5f7',
    regions: [`${REGION} (Ireland)`],
    options: {},
    credentials: awsProvider.parseCredentials({ access: ACCESS, secret: SECRET }),
  }),
  pageSize: PAGE_SIZE,
  singlePage: {
    'ec2.describeVpnGateways': 'DescribeVpnGateways has no MaxResults/NextToken in the EC2 API',
    'cloudsearch.describeDomains': 'DescribeDomains has no paging in the CloudSearch API',
    's3.listBuckets':
      'the provider asks for the API maximum (MaxBuckets 10,000) whatever the page size, and moto ignores ContinuationToken',
    'sqs.listQueues': 'moto ignores ListQueues MaxResults/NextToken (one page of every queue)',
    'ses.listIdentities': 'moto ignores ListIdentities MaxItems/NextToken (one page of every identity)',
    'lambda.listLayers': 'moto ignores ListLayers MaxItems/Marker (one page of every layer)',
  },
  faults: {
    InvalidCredentials: fault(401, 'AuthFailure'),
    PermissionDenied: fault(403, 'UnauthorizedOperation'),
    RegionDisabled: fault(401, 'OptInRequired'),
    Throttled: fault(503, 'RequestLimitExceeded'),
    Transient: fault(500, 'InternalError'),
  },
  secrets: [SECRET],
  crawl: {
    task: 'server-list',
    env: { AWS_ENDPOINT_URL: moto },
    seed: (db, config) =>
      seedMaestroAwsConnection(db, {
        regions: [`${REGION} (Ireland)`],
        secretJwt: config.secretJwt,
        access: ACCESS,
        secret: SECRET,
      }),
  },
});
