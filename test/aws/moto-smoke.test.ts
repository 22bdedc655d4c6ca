// Smoke test of the AWS peer: the EC2 SDK against moto over HTTP, with paginated DescribeInstances.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, describe, test } from 'node:test';
import {
  EC2Client,
  paginateDescribeInstances,
  RunInstancesCommand,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import { requirePeers } from '../harness/env.js';

// One of moto's built-in AMIs (moto/ec2/resources/amis.json.gz).
const AMI = 'ami-12c6146b';

const peers = requirePeers();

/** Pages of DescribeInstances (MaxResults=5) for the instances tagged run=<run>. */
async function describeTagged(ec2: EC2Client, run: string): Promise<{ pages: number; ids: string[] }> {
  let pages = 0;
  const ids: string[] = [];
  for await (const page of paginateDescribeInstances(
    { client: ec2 },
    { Filters: [{ Name: 'tag:run', Values: [run] }], MaxResults: 5 },
  )) {
    pages += 1;
    for (const reservation of page.Reservations ?? []) {
      for (const instance of reservation.Instances ?? []) {
        assert.equal(instance.ImageId, AMI);
        assert.equal(instance.Placement?.AvailabilityZone?.startsWith('us-east-1'), true);
        ids.push(instance.InstanceId!);
      }
    }
  }
  return { pages, ids: ids.sort() };
}

void describe('moto peer', () => {
  const ec2 = new EC2Client({
    endpoint: peers.awsEndpoint,
    region: peers.awsRegion,
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
  });
  const run = `smoke-${randomBytes(4).toString('hex')}`;
  const launch = async (count: number): Promise<string[]> => {
    const out = await ec2.send(
      new RunInstancesCommand({
        ImageId: AMI,
        InstanceType: 't3.micro',
        MinCount: count,
        MaxCount: count,
        TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'run', Value: run }] }],
      }),
    );
    return (out.Instances ?? []).map((i) => i.InstanceId!);
  };
  const launched: string[] = [];

  after(async () => {
    if (launched.length > 0) await ec2.send(new TerminateInstancesCommand({ InstanceIds: launched }));
    ec2.destroy();
  });

  void test('RunInstances x3 in us-east-1, DescribeInstances (MaxResults=5) returns them', async () => {
    launched.push(...(await launch(3)));
    assert.equal(launched.length, 3);
    assert.ok(
      launched.every((id) => /^i-[0-9a-f]+$/.test(id)),
      `instance ids: ${launched.join(', ')}`,
    );
    const { pages, ids } = await describeTagged(ec2, run);
    assert.equal(pages, 1);
    assert.deepEqual(ids, [...launched].sort());
  });

  void test('DescribeInstances walks NextToken across pages', async () => {
    // moto counts MaxResults in reservations (AWS counts instances): 1 + 5 reservations = 2 pages.
    for (let i = 0; i < 5; i += 1) launched.push(...(await launch(1)));
    const { pages, ids } = await describeTagged(ec2, run);
    assert.equal(pages, 2);
    assert.deepEqual(ids, [...launched].sort());
  });
});
