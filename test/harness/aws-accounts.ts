import { EC2Client, RunInstancesCommand, TerminateInstancesCommand, type Tag } from '@aws-sdk/client-ec2';
import {
  CreateAccountCommand,
  CreateOrganizationCommand,
  DescribeOrganizationCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { ec2 } from './aws-seed.js';

/**
 * Several AWS accounts in one moto: moto serves an assumed role's keys from the account of the role ARN,
 * so seeding "in account X" is signing with a role of X.
 */
const TESTING = { accessKeyId: 'testing', secretAccessKey: 'testing' };

/** An EC2 client signed for `account` (through an assumed role), or for moto's default account. */
export async function accountEc2(endpoint: string, region: string, account?: string): Promise<EC2Client> {
  if (account === undefined) return ec2(endpoint, region);
  const sts = new STSClient({ region: 'us-east-1', endpoint, credentials: TESTING });
  try {
    const { Credentials: c } = await sts.send(
      new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/Seeder`, RoleSessionName: 'seed' }),
    );
    return new EC2Client({
      region,
      endpoint,
      credentials: {
        accessKeyId: c?.AccessKeyId as string,
        secretAccessKey: c?.SecretAccessKey as string,
        sessionToken: c?.SessionToken as string,
      },
    });
  } finally {
    sts.destroy();
  }
}

/** Runs `n` instances (one reservation, optional tags) in `account`; their ids, sorted. */
export async function runAccountInstances(
  endpoint: string,
  region: string,
  account: string | undefined,
  n: number,
  tags: Tag[] = [],
): Promise<string[]> {
  const client = await accountEc2(endpoint, region, account);
  try {
    const out = await client.send(
      new RunInstancesCommand({
        ImageId: 'ami-12c6146b',
        MinCount: n,
        MaxCount: n,
        InstanceType: 't3.nano',
        ...(tags.length > 0 ? { TagSpecifications: [{ ResourceType: 'instance', Tags: tags }] } : {}),
      }),
    );
    return (out.Instances ?? []).map((i) => i.InstanceId as string).sort();
  } finally {
    client.destroy();
  }
}

export async function terminateAccountInstances(
  endpoint: string,
  region: string,
  account: string | undefined,
  ids: string[],
): Promise<void> {
  const client = await accountEc2(endpoint, region, account);
  await client.send(new TerminateInstancesCommand({ InstanceIds: ids }));
  client.destroy();
}

/** An organization managed by moto's default account, with `members` new accounts. */
export async function createOrganization(
  endpoint: string,
  members: number,
): Promise<{ management: string; members: string[] }> {
  const org = new OrganizationsClient({ region: 'us-east-1', endpoint, credentials: TESTING });
  try {
    await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    const { Organization } = await org.send(new DescribeOrganizationCommand({}));
    const ids: string[] = [];
    for (let i = 0; i < members; i++) {
      const out = await org.send(
        new CreateAccountCommand({ AccountName: `member-${i}`, Email: `member-${i}@example.com` }),
      );
      ids.push(out.CreateAccountStatus?.AccountId as string);
    }
    return { management: Organization?.MasterAccountId as string, members: ids.sort() };
  } finally {
    org.destroy();
  }
}
