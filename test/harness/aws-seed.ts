import {
  CreateTagsCommand,
  CreateVolumeCommand,
  DeleteVolumeCommand,
  EC2Client,
  RunInstancesCommand,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';

/** Seeds moto with a small AWS account: instances and volumes with Maestro's tags, in one region. */
export interface SeededRegion {
  region: string;
  instanceIds: string[];
  volumeIds: string[];
}

export function ec2(endpoint: string, region: string): EC2Client {
  return new EC2Client({
    region,
    endpoint,
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
  });
}

const AMI = 'ami-12c6146b';

export async function seedRegion(
  endpoint: string,
  region: string,
  instances: number,
  volumes: number,
): Promise<SeededRegion> {
  const client = ec2(endpoint, region);
  try {
    const instanceIds: string[] = [];
    for (let left = instances; left > 0; left -= Math.min(left, 1000)) {
      const n = Math.min(left, 1000);
      const out = await client.send(
        new RunInstancesCommand({
          ImageId: AMI,
          MinCount: n,
          MaxCount: n,
          InstanceType: 't3.micro',
          KeyName: 'demo-key',
          TagSpecifications: [
            {
              ResourceType: 'instance',
              Tags: [
                { Key: 'role', Value: 'web' },
                { Key: 'environment', Value: 'production' },
              ],
            },
          ],
        }),
      );
      instanceIds.push(...(out.Instances ?? []).map((i) => i.InstanceId as string));
    }
    // Individual names, as an operator would tag them (the first 200 only: enough for sampling).
    for (const [i, id] of instanceIds.slice(0, 200).entries()) {
      await client.send(
        new CreateTagsCommand({ Resources: [id], Tags: [{ Key: 'Name', Value: `${region}-web-${i + 1}` }] }),
      );
    }
    const volumeIds: string[] = [];
    for (let i = 0; i < volumes; i++) {
      const out = await client.send(
        new CreateVolumeCommand({
          AvailabilityZone: `${region}a`,
          Size: 8 + i,
          VolumeType: 'gp3',
          TagSpecifications: [
            { ResourceType: 'volume', Tags: [{ Key: 'Name', Value: `${region}-data-${i + 1}` }] },
          ],
        }),
      );
      volumeIds.push(out.VolumeId as string);
    }
    return { region, instanceIds, volumeIds };
  } finally {
    client.destroy();
  }
}

export async function terminateInstances(endpoint: string, region: string, ids: string[]): Promise<void> {
  const client = ec2(endpoint, region);
  await client.send(new TerminateInstancesCommand({ InstanceIds: ids }));
  client.destroy();
}

export async function deleteVolumes(endpoint: string, region: string, ids: string[]): Promise<void> {
  const client = ec2(endpoint, region);
  for (const id of ids) await client.send(new DeleteVolumeCommand({ VolumeId: id }));
  client.destroy();
}

/** Empties moto (every test file starts from a blank account; files run one at a time). */
export async function resetMoto(endpoint: string): Promise<void> {
  const res = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
  if (!res.ok) throw new Error(`moto reset failed: HTTP ${res.status}`);
}

/**
 * Instances in separate reservations: moto pages DescribeInstances by reservation (MaxResults counts
 * reservations) and does not page DescribeVolumes at all, so paging tests use these.
 */
export async function seedSeparateInstances(endpoint: string, region: string, n: number): Promise<string[]> {
  const client = ec2(endpoint, region);
  try {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const out = await client.send(
        new RunInstancesCommand({ ImageId: AMI, MinCount: 1, MaxCount: 1, InstanceType: 't3.nano' }),
      );
      ids.push(out.Instances?.[0]?.InstanceId as string);
    }
    return ids;
  } finally {
    client.destroy();
  }
}
