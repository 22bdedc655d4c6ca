// network-list: the nine EC2 commands against moto over the wire, each with three seeded resources,
// documents compared with golden files (spec §6.5 with the §12 fixes), and paging through the
// EC2 paging proxy (moto itself does not page these operations).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CreateSubnetCommand } from '@aws-sdk/client-ec2';
import { awsProvider } from '../../providers/aws/index.js';
import { createAwsRuntime } from '../../providers/aws/runtime.js';
import { ec2 } from '../harness/aws-seed.js';
import { seedNetworks, type SeededNetworks } from '../harness/aws-seed-ec2.js';
import { assertEc2Golden, assertSameResources, uniqueIds } from '../harness/ec2-golden.js';
import { ec2TaskSuite } from '../harness/ec2-suite.js';

const REGION = 'eu-west-1';

const KINDS: ReadonlyArray<{
  command: string;
  family: string;
  golden: string;
  seeded: (s: SeededNetworks) => string[];
}> = [
  { command: 'ec2.describeVpcs', family: 'Vpc', golden: 'ec2-vpcs', seeded: (s) => s.vpcs },
  { command: 'ec2.describeSubnets', family: 'Subnet', golden: 'ec2-subnets', seeded: (s) => s.subnets },
  {
    command: 'ec2.describeVpcPeeringConnections',
    family: 'VpcPeering',
    golden: 'ec2-vpc-peering-connections',
    seeded: (s) => s.peerings,
  },
  {
    command: 'ec2.describeVpnGateways',
    family: 'VpnGateways',
    golden: 'ec2-vpn-gateways',
    seeded: (s) => s.vpnGateways,
  },
  {
    command: 'ec2.describeVpcEndpoints',
    family: 'VpcEndpoint',
    golden: 'ec2-vpc-endpoints',
    seeded: (s) => s.endpoints,
  },
  {
    command: 'ec2.describeRouteTables',
    family: 'RouteTable',
    golden: 'ec2-route-tables',
    seeded: (s) => s.routeTables,
  },
  {
    command: 'ec2.describeNetworkInterfaces',
    family: 'NetworkInterfaces',
    golden: 'ec2-network-interfaces',
    seeded: (s) => s.interfaces,
  },
  {
    command: 'ec2.describeNatGateways',
    family: 'NatGateway',
    golden: 'ec2-nat-gateways',
    seeded: (s) => s.natGateways,
  },
  {
    command: 'ec2.describeNetworkAcls',
    family: 'NetworkAcl',
    golden: 'ec2-network-acls',
    seeded: (s) => s.acls,
  },
];

void describe('network-list against moto', () => {
  const suite = ec2TaskSuite(REGION, (endpoint) => seedNetworks(endpoint, REGION, 3));

  void test('the task runs the nine commands in the recipe order, all writing networks', () => {
    const provider = createAwsRuntime({ endpoint: suite.endpoint, timeoutMs: 1000 });
    try {
      assert.deepEqual(
        awsProvider.tasks['network-list'],
        KINDS.map((k) => k.command),
      );
      for (const k of KINDS) {
        assert.equal(awsProvider.commands[k.command]?.entity, 'networks', k.command);
        assert.ok(provider.resources[k.command], `${k.command} has an implementation`);
      }
    } finally {
      provider.clients.destroy();
    }
  });

  for (const kind of KINDS) {
    void test(`${kind.command}: family ${kind.family}, the three seeded resources match the golden file`, async () => {
      const got = await suite.direct(kind.command, 200);
      const ids = uniqueIds(got.records);
      assert.equal(got.records.length, got.raw.length, 'one record per raw item');
      for (const id of kind.seeded(suite.seeded)) assert.ok(ids.has(id), `${id} listed`);
      for (const r of got.records) {
        assert.equal(r.family, kind.family, `${r.unique_id} family`);
        assert.equal(r.active, true, `${r.unique_id} active`);
      }
      assertEc2Golden(kind.golden, got.records, kind.seeded(suite.seeded));
    });
  }

  void test('DescribeSubnets pages with MaxResults/NextToken: 12 subnets in pages of 5, none lost or repeated', async () => {
    const client = ec2(suite.endpoint, REGION);
    try {
      for (let n = 10; n < 16; n++)
        await client.send(
          new CreateSubnetCommand({
            VpcId: suite.seeded.vpcs[1],
            CidrBlock: `10.2.${n}.0/24`,
            AvailabilityZone: `${REGION}b`,
          }),
        );
    } finally {
      client.destroy();
    }
    const whole = await suite.direct('ec2.describeSubnets');
    assert.equal(whole.pages, 1);
    assert.ok(whole.records.length >= 12, `${whole.records.length} subnets`);
    const paged = await suite.paged('ec2.describeSubnets', 5);
    assert.equal(paged.pages, Math.ceil(whole.records.length / 5));
    assert.ok(paged.pages > 1);
    assert.ok(
      paged.pageSizes.slice(0, -1).every((n) => n === 5),
      `page sizes ${paged.pageSizes.join(',')}`,
    );
    assertSameResources(paged.records, whole.records);
    // The first request has no token; each next one carries the token of the page before.
    assert.equal(suite.proxy.requests[0]?.params.get('NextToken'), null);
    assert.ok(suite.proxy.requests.slice(1).every((r) => r.params.get('NextToken')));
  });

  void test('DescribeNetworkInterfaces pages too; a page size below the API minimum is clamped to 5', async () => {
    const whole = await suite.direct('ec2.describeNetworkInterfaces');
    assert.ok(whole.records.length > 5, `${whole.records.length} interfaces (3 seeded + the NAT gateways')`);
    const paged = await suite.paged('ec2.describeNetworkInterfaces', 2);
    assert.ok(paged.pages > 1, `${paged.pages} pages`);
    assert.deepEqual(
      suite.proxy.requests.map((r) => r.params.get('MaxResults')),
      Array.from({ length: paged.pages }, () => '5'),
    );
    assertSameResources(paged.records, whole.records);
  });

  void test('DescribeRouteTables: a page size above the API maximum is clamped to 100', async () => {
    const got = await suite.paged('ec2.describeRouteTables', 1000);
    assert.equal(got.pages, 1);
    assert.deepEqual(
      suite.proxy.requests.map((r) => [r.action, r.params.get('MaxResults')]),
      [['DescribeRouteTables', '100']],
    );
  });

  void test('DescribeVpnGateways does not page: one call, no MaxResults, every gateway', async () => {
    const got = await suite.paged('ec2.describeVpnGateways', 5);
    assert.equal(got.pages, 1);
    assert.equal(got.records.length, 3);
    assert.deepEqual(
      suite.proxy.requests.map((r) => [r.action, r.params.get('MaxResults'), r.params.get('NextToken')]),
      [['DescribeVpnGateways', null, null]],
    );
  });
});
