// The cpu/memory hook of server-list (spec §7.5 cpuAndMemoryByInstanceType): EC2 DescribeInstanceTypes
// against moto, counted by the loopback fault proxy. Values must equal DescribeInstanceTypes'; the
// cache must spare the call for types already known (per credentials and region, for its TTL).
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { DescribeInstanceTypesCommand, RunInstancesCommand, type _InstanceType } from '@aws-sdk/client-ec2';
import { InstanceTypeCache, instanceTypeCache } from '../../providers/aws/resources/ec2-instance-types.js';
import { collectKind, TEST_CREDENTIALS } from '../harness/aws-kinds.js';
import { ec2, resetMoto } from '../harness/aws-seed.js';
import { startFaultProxy, type FaultProxy } from '../harness/fault-proxy.js';
import { requirePeers } from '../harness/env.js';

const peers = requirePeers();
const REGION = 'us-east-2';
const AMI = 'ami-12c6146b';
/** Reservation order: moto pages DescribeInstances by reservation, 5 per page at pageSize 5. */
const TYPES: _InstanceType[] = [
  't3.micro',
  'm5.large',
  't3.micro',
  'c5.xlarge',
  'm5.large',
  'r5.large',
  't3.micro',
];

/** DescribeInstanceTypes' own answer: vCPUs and memory in GiB per type. */
async function expectedSpecs(types: string[]): Promise<Map<string, { cpu: number; memory: number }>> {
  const client = ec2(peers.awsEndpoint, REGION);
  try {
    const out = await client.send(
      new DescribeInstanceTypesCommand({ InstanceTypes: types as _InstanceType[] }),
    );
    return new Map(
      (out.InstanceTypes ?? []).map((t) => [
        t.InstanceType as string,
        { cpu: t.VCpuInfo?.DefaultVCpus as number, memory: (t.MemoryInfo?.SizeInMiB as number) / 1024 },
      ]),
    );
  } finally {
    client.destroy();
  }
}

void describe('server-list cpu/memory from DescribeInstanceTypes', () => {
  let proxy: FaultProxy;
  const calls = (): number => proxy.count(REGION, 'DescribeInstanceTypes');

  before(async () => {
    await resetMoto(peers.awsEndpoint);
    const client = ec2(peers.awsEndpoint, REGION);
    try {
      for (const type of TYPES)
        await client.send(
          new RunInstancesCommand({ ImageId: AMI, MinCount: 1, MaxCount: 1, InstanceType: type }),
        );
    } finally {
      client.destroy();
    }
    proxy = await startFaultProxy(peers.awsEndpoint);
  });
  beforeEach(() => instanceTypeCache.clear());
  after(async () => {
    await proxy.close();
  });

  void test('every server gets cpu and memory (GiB) equal to DescribeInstanceTypes', async () => {
    const got = await collectKind({
      endpoint: proxy.url,
      command: 'ec2.describeInstances',
      region: REGION,
      pageSize: 5,
    });
    assert.equal(got.records.length, TYPES.length);
    const want = await expectedSpecs([...new Set(TYPES)]);
    assert.equal(want.size, 4);
    for (const r of got.records) {
      const type = (r.datacenters as { instance: string }).instance;
      const spec = want.get(type);
      assert.ok(spec, `DescribeInstanceTypes knows ${type}`);
      assert.equal(r.cpu, spec.cpu, `${type} cpu`);
      assert.equal(r.memory, spec.memory, `${type} memory`);
    }
    // Spot values, so a wrong unit cannot pass unnoticed: t3.micro 2 vCPUs / 1 GiB, m5.large 2 / 8 GiB.
    assert.deepEqual(want.get('t3.micro'), { cpu: 2, memory: 1 });
    assert.deepEqual(want.get('m5.large'), { cpu: 2, memory: 8 });
  });

  void test('one batched call per page with new types; a second crawl makes none; other credentials ask again', async () => {
    const before = calls();
    const first = await collectKind({
      endpoint: proxy.url,
      command: 'ec2.describeInstances',
      region: REGION,
      pageSize: 5,
    });
    assert.deepEqual(first.pageSizes, [5, 2]);
    // Page 1 holds t3.micro, m5.large, c5.xlarge; page 2 brings r5.large: one call each.
    assert.equal(calls() - before, 2);

    const second = await collectKind({
      endpoint: proxy.url,
      command: 'ec2.describeInstances',
      region: REGION,
      pageSize: 5,
    });
    assert.equal(calls() - before, 2, 'the second crawl found every type in the cache');
    assert.deepEqual(
      second.records.map((r) => [r.cpu, r.memory]),
      first.records.map((r) => [r.cpu, r.memory]),
    );

    await collectKind({
      endpoint: proxy.url,
      command: 'ec2.describeInstances',
      region: REGION,
      pageSize: 1000,
      credentials: { accessKeyId: 'testing-other', secretAccessKey: 'testing' },
    });
    assert.equal(
      calls() - before,
      3,
      'other credentials: their own cache entries, one call for the one page',
    );
  });

  void test('entries expire after the TTL; an unknown type is remembered as unknown', async () => {
    let now = 1_000_000;
    const cache = new InstanceTypeCache(60_000, () => now);
    const client = ec2(proxy.url, REGION);
    try {
      const before = calls();
      const a = await cache.lookup(client, TEST_CREDENTIALS, REGION, ['t3.micro', 'x9.unknown']);
      assert.deepEqual(a.get('t3.micro'), { vcpus: 2, memoryMiB: 1024 });
      assert.equal(a.get('x9.unknown'), null);
      // The batch failed on the unknown type (InvalidInstanceType), then each type was asked alone.
      assert.equal(calls() - before, 3);
      now += 59_000;
      await cache.lookup(client, TEST_CREDENTIALS, REGION, ['t3.micro', 'x9.unknown']);
      assert.equal(calls() - before, 3, 'within the TTL: cached, the unknown type too');
      now += 2_000;
      await cache.lookup(client, TEST_CREDENTIALS, REGION, ['t3.micro']);
      assert.equal(calls() - before, 4, 'after the TTL: asked again');
    } finally {
      client.destroy();
    }
  });

  void test('DescribeInstanceTypes refused (403): the types stay unknown (no cpu/memory), no error', async () => {
    const cache = new InstanceTypeCache();
    const client = ec2(proxy.url, 'ap-northeast-1');
    proxy.denyRegions.add('ap-northeast-1');
    try {
      const got = await cache.lookup(client, TEST_CREDENTIALS, 'ap-northeast-1', ['t3.micro']);
      assert.equal(got.get('t3.micro'), null);
    } finally {
      proxy.denyRegions.delete('ap-northeast-1');
      client.destroy();
    }
  });
});
