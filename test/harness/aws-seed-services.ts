// Seeds moto with the non-EC2 AWS resources the per-task tests crawl (test/aws/<service>-*.test.ts):
// load balancers, Auto Scaling groups, RDS, S3, SQS, ElastiCache, SES, CloudFront, Lambda, DynamoDB,
// API Gateway. Every helper creates `n` resources named `<prefix>-<i>` (1-based) in one region and
// returns what a test needs to check the crawl against (names, ids, ARNs).
import { crc32 } from 'node:zlib';
import { APIGatewayClient, CreateRestApiCommand } from '@aws-sdk/client-api-gateway';
import {
  AutoScalingClient,
  CreateAutoScalingGroupCommand,
  CreateLaunchConfigurationCommand,
} from '@aws-sdk/client-auto-scaling';
import { CloudFrontClient, CreateDistributionCommand } from '@aws-sdk/client-cloudfront';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DescribeSubnetsCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  CreateLoadBalancerCommand as CreateClassicLb,
  ElasticLoadBalancingClient,
} from '@aws-sdk/client-elastic-load-balancing';
import {
  CreateLoadBalancerCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { CreateCacheClusterCommand, ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { CreateFunctionCommand, LambdaClient, PublishLayerVersionCommand } from '@aws-sdk/client-lambda';
import { CreateDBInstanceCommand, RDSClient } from '@aws-sdk/client-rds';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { SESClient, VerifyDomainIdentityCommand, VerifyEmailIdentityCommand } from '@aws-sdk/client-ses';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { TEST_CREDENTIALS } from './aws-kinds.js';

interface Destroyable {
  destroy(): void;
}

/** One SDK client against the test endpoint, destroyed after `use`. */
async function withClient<C extends Destroyable, T>(
  Ctor: new (config: {
    region: string;
    endpoint: string;
    credentials: typeof TEST_CREDENTIALS;
    forcePathStyle?: boolean;
  }) => C,
  endpoint: string,
  region: string,
  use: (client: C) => Promise<T>,
): Promise<T> {
  const client = new Ctor({ region, endpoint, credentials: TEST_CREDENTIALS, forcePathStyle: true });
  try {
    return await use(client);
  } finally {
    client.destroy();
  }
}

/** `<prefix>-1` … `<prefix>-<n>`. */
export function names(prefix: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => `${prefix}-${i + 1}`);
}

async function each<T>(list: string[], create: (name: string, index: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (const [i, name] of list.entries()) out.push(await create(name, i));
  return out;
}

/** moto's default VPC subnets of a region (one per zone), sorted by zone. */
async function defaultSubnets(endpoint: string, region: string): Promise<string[]> {
  return withClient(EC2Client, endpoint, region, async (ec2) => {
    const out = await ec2.send(
      new DescribeSubnetsCommand({ Filters: [{ Name: 'default-for-az', Values: ['true'] }] }),
    );
    return (out.Subnets ?? [])
      .sort((a, b) => (a.AvailabilityZone ?? '').localeCompare(b.AvailabilityZone ?? ''))
      .map((s) => s.SubnetId as string);
  });
}

/** Application load balancers in two default subnets; returns their ARNs in creation order. */
export async function seedElbv2(
  endpoint: string,
  region: string,
  prefix: string,
  n: number,
): Promise<string[]> {
  const subnets = (await defaultSubnets(endpoint, region)).slice(0, 2);
  return withClient(ElasticLoadBalancingV2Client, endpoint, region, (elb) =>
    each(names(prefix, n), async (Name) => {
      const out = await elb.send(
        new CreateLoadBalancerCommand({
          Name,
          Subnets: subnets,
          Scheme: 'internet-facing',
          Type: 'application',
        }),
      );
      return out.LoadBalancers?.[0]?.LoadBalancerArn as string;
    }),
  );
}

/** Classic load balancers with one HTTP listener in zones a and b; returns their names. */
export async function seedClassicElb(
  endpoint: string,
  region: string,
  prefix: string,
  n: number,
): Promise<string[]> {
  return withClient(ElasticLoadBalancingClient, endpoint, region, (elb) =>
    each(names(prefix, n), async (LoadBalancerName) => {
      await elb.send(
        new CreateClassicLb({
          LoadBalancerName,
          AvailabilityZones: [`${region}a`, `${region}b`],
          Listeners: [
            { Protocol: 'HTTP', LoadBalancerPort: 80, InstanceProtocol: 'HTTP', InstancePort: 8080 },
          ],
        }),
      );
      return LoadBalancerName;
    }),
  );
}

/** Auto Scaling groups (min 0, max 2, desired 0) on one launch configuration, tagged environment=staging. */
export async function seedAutoScaling(
  endpoint: string,
  region: string,
  prefix: string,
  n: number,
): Promise<string[]> {
  return withClient(AutoScalingClient, endpoint, region, async (asg) => {
    const lc = `${prefix}-lc`;
    await asg.send(
      new CreateLaunchConfigurationCommand({
        LaunchConfigurationName: lc,
        ImageId: 'ami-12c6146b',
        InstanceType: 't3.micro',
      }),
    );
    return each(names(prefix, n), async (AutoScalingGroupName) => {
      await asg.send(
        new CreateAutoScalingGroupCommand({
          AutoScalingGroupName,
          LaunchConfigurationName: lc,
          MinSize: 0,
          MaxSize: 2,
          DesiredCapacity: 0,
          AvailabilityZones: [`${region}a`],
          Tags: [{ Key: 'environment', Value: 'staging', PropagateAtLaunch: false }],
        }),
      );
      return AutoScalingGroupName;
    });
  });
}

/** PostgreSQL DB instances tagged environment=production; returns their identifiers. */
export async function seedRds(
  endpoint: string,
  region: string,
  prefix: string,
  n: number,
): Promise<string[]> {
  return withClient(RDSClient, endpoint, region, (rds) =>
    each(names(prefix, n), async (DBInstanceIdentifier, i) => {
      await rds.send(
        new CreateDBInstanceCommand({
          DBInstanceIdentifier,
          DBInstanceClass: 'db.t3.micro',
          Engine: 'postgres',
          EngineVersion: '16.3',
          DBName: `app${i + 1}`,
          MasterUsername: 'maestro',
          MasterUserPassword: 'not-a-secret-1',
          AllocatedStorage: 20 + i,
          Tags: [{ Key: 'environment', Value: 'production' }],
        }),
      );
      return DBInstanceIdentifier;
    }),
  );
}

export async function seedS3(endpoint: string, prefix: string, n: number): Promise<string[]> {
  return withClient(S3Client, endpoint, 'us-east-1', (s3) =>
    each(names(prefix, n), async (Bucket) => {
      await s3.send(new CreateBucketCommand({ Bucket }));
      return Bucket;
    }),
  );
}

/** SQS queues; returns their URLs. */
export async function seedSqs(
  endpoint: string,
  region: string,
  prefix: string,
  n: number,
): Promise<string[]> {
  return withClient(SQSClient, endpoint, region, (sqs) =>
    each(
      names(prefix, n),
      async (QueueName) => (await sqs.send(new CreateQueueCommand({ QueueName }))).QueueUrl as string,
    ),
  );
}

/** Redis clusters of one node each; returns their ids. */
export async function seedElastiCache(
  endpoint: string,
  region: string,
  prefix: string,
  n: number,
): Promise<string[]> {
  return withClient(ElastiCacheClient, endpoint, region, (ec) =>
    each(names(prefix, n), async (CacheClusterId) => {
      await ec.send(
        new CreateCacheClusterCommand({
          CacheClusterId,
          Engine: 'redis',
          EngineVersion: '7.1',
          CacheNodeType: 'cache.t3.micro',
          NumCacheNodes: 1,
        }),
      );
      return CacheClusterId;
    }),
  );
}

/** SES identities: `n` domains `<prefix>-<i>.example.com` and one e-mail address; returns them all. */
export async function seedSes(
  endpoint: string,
  region: string,
  prefix: string,
  n: number,
): Promise<string[]> {
  return withClient(SESClient, endpoint, region, async (ses) => {
    const domains = await each(names(prefix, n), async (name) => {
      const Domain = `${name}.example.com`;
      await ses.send(new VerifyDomainIdentityCommand({ Domain }));
      return Domain;
    });
    const EmailAddress = `ops@${prefix}.example.com`;
    await ses.send(new VerifyEmailIdentityCommand({ EmailAddress }));
    return [...domains, EmailAddress];
  });
}

/** Web distributions with an S3 origin `<name>.s3.amazonaws.com`; returns their ids. */
export async function seedCloudFront(endpoint: string, prefix: string, n: number): Promise<string[]> {
  return withClient(CloudFrontClient, endpoint, 'us-east-1', (cf) =>
    each(names(prefix, n), async (name) => {
      const origin = `${name}.s3.amazonaws.com`;
      const out = await cf.send(
        new CreateDistributionCommand({
          DistributionConfig: {
            CallerReference: name,
            Comment: name,
            Enabled: true,
            Origins: {
              Quantity: 1,
              Items: [{ Id: name, DomainName: origin, S3OriginConfig: { OriginAccessIdentity: '' } }],
            },
            DefaultCacheBehavior: {
              TargetOriginId: name,
              ViewerProtocolPolicy: 'redirect-to-https',
              CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6',
            },
          },
        }),
      );
      return out.Distribution?.Id as string;
    }),
  );
}

/**
 * A one-file zip archive (stored, not compressed), built here so the tests need no zip tool: what
 * Lambda's CreateFunction and PublishLayerVersion accept as `ZipFile`.
 */
export function zipOneFile(name: string, content: string): Uint8Array {
  const data = Buffer.from(content);
  const file = Buffer.from(name);
  const crc = crc32(data);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(file.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(file.length, 28);
  const centralOffset = local.length + file.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + file.length, 12);
  end.writeUInt32LE(centralOffset, 16);
  return Buffer.concat([local, file, data, central, file, end]);
}

/**
 * An IAM role for Lambda in moto (its CreateFunction checks that the role exists). No IAM SDK client is
 * installed, so this is the IAM Query API over plain HTTP; moto routes it by the credential scope and
 * does not check signatures.
 */
export async function createLambdaRole(endpoint: string, name: string): Promise<string> {
  const policy = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
    ],
  });
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
      authorization:
        'AWS4-HMAC-SHA256 Credential=testing/20240101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0',
    },
    body: new URLSearchParams({
      Action: 'CreateRole',
      Version: '2010-05-08',
      RoleName: name,
      AssumeRolePolicyDocument: policy,
    }).toString(),
  });
  const text = await res.text();
  const arn = /<Arn>([^<]+)<\/Arn>/.exec(text)?.[1];
  if (!res.ok || !arn)
    throw new Error(`IAM CreateRole ${name} in moto failed: HTTP ${res.status} ${text.slice(0, 300)}`);
  return arn;
}

/** Python functions with a secret-looking environment variable; returns their ARNs. */
export async function seedLambdaFunctions(
  endpoint: string,
  region: string,
  prefix: string,
  n: number,
): Promise<string[]> {
  const role = await createLambdaRole(endpoint, `${prefix}-role`);
  const ZipFile = zipOneFile('index.py', 'def handler(event, context):\n    return event\n');
  return withClient(LambdaClient, endpoint, region, (lambda) =>
    each(names(prefix, n), async (FunctionName, i) => {
      const out = await lambda.send(
        new CreateFunctionCommand({
          FunctionName,
          Runtime: 'python3.12',
          Role: role,
          Handler: 'index.handler',
          Code: { ZipFile },
          Description: `function ${i + 1}`,
          Timeout: 10 + i,
          MemorySize: 128,
          Environment: { Variables: { DB_PASSWORD: 'hunter2', STAGE: 'prod' } },
        }),
      );
      return out.FunctionArn as string;
    }),
  );
}

/** Lambda layers, one version each; returns the layer version ARNs. */
export async function seedLambdaLayers(
  endpoint: string,
  region: string,
  prefix: string,
  n: number,
): Promise<string[]> {
  const ZipFile = zipOneFile('python/lib.py', 'VALUE = 1\n');
  return withClient(LambdaClient, endpoint, region, (lambda) =>
    each(names(prefix, n), async (LayerName, i) => {
      const out = await lambda.send(
        new PublishLayerVersionCommand({
          LayerName,
          Description: `layer ${i + 1}`,
          Content: { ZipFile },
          CompatibleRuntimes: ['python3.12'],
          LicenseInfo: 'MIT',
        }),
      );
      return out.LayerVersionArn as string;
    }),
  );
}

/** On-demand tables keyed by `pk`; returns their names. */
export async function seedDynamoDb(
  endpoint: string,
  region: string,
  prefix: string,
  n: number,
): Promise<string[]> {
  return withClient(DynamoDBClient, endpoint, region, (ddb) =>
    each(names(prefix, n), async (TableName) => {
      await ddb.send(
        new CreateTableCommand({
          TableName,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        }),
      );
      return TableName;
    }),
  );
}

/** REST APIs (regional endpoints); returns their ids. */
export async function seedRestApis(
  endpoint: string,
  region: string,
  prefix: string,
  n: number,
): Promise<string[]> {
  return withClient(APIGatewayClient, endpoint, region, (api) =>
    each(names(prefix, n), async (name, i) => {
      const out = await api.send(
        new CreateRestApiCommand({
          name,
          description: `api ${i + 1}`,
          endpointConfiguration: { types: ['REGIONAL'] },
          binaryMediaTypes: ['image/png'],
        }),
      );
      return out.id as string;
    }),
  );
}
