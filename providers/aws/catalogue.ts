/**
 * What the AWS provider offers, as data (no SDK imported): its tasks and commands with Maestro's recipe
 * labels (the original's permission.json, spec §3.1), and its connection form (the original's info.json,
 * spec §2.3). The implementations of the commands are in resources/, loaded by runtime.ts.
 */
import type { CommandSpec, ProviderCatalogue } from '../types.js';

const scan = (name: string, dflt: number, env = 'MAESTRO_SCAN_QTD') => ({
  name,
  env,
  default: dflt,
  type: 'int',
});
const OWNERS = { env: 'MAESTRO_OWNERIDS', default: ['self'], type: 'list' };

/** Tasks (spec §3.1) → ordered command ids. */
export const AWS_TASKS: Readonly<Record<string, readonly string[]>> = {
  'server-list': ['ec2.describeInstances'],
  'volumes-list': ['ec2.describeVolumes'],
  'snapshot-list': ['ec2.describeSnapshots'],
  'images-list': ['ec2.describeImages'],
  'security-list': ['ec2.describeSecurityGroups'],
  'network-list': [
    'ec2.describeVpcs',
    'ec2.describeSubnets',
    'ec2.describeVpcPeeringConnections',
    'ec2.describeVpnGateways',
    'ec2.describeVpcEndpoints',
    'ec2.describeRouteTables',
    'ec2.describeNetworkInterfaces',
    'ec2.describeNatGateways',
    'ec2.describeNetworkAcls',
  ],
  'loadbalance-list': ['elbv2.describeLoadBalancers', 'elb.describeLoadBalancers'],
  'autoscaling-list': ['autoscaling.describeAutoScalingGroups'],
  'dbs-list': ['rds.describeDBInstances'],
  'storage-object-list': ['s3.listBuckets'],
  'brokers-list': ['sqs.listQueues'],
  'cache-list': ['elasticache.describeCacheClusters'],
  'smtp-list': ['ses.listIdentities'],
  'cdns-list': ['cloudfront.listDistributions', 'cloudfront.listStreamingDistributions'],
  'serverless-list': ['lambda.listFunctions'],
  'serverless-support-list': ['lambda.listLayers'],
  'search-list': ['cloudsearch.describeDomains'],
  'dynamodb-list': ['dynamodb.listTables'],
  'gateway-list': ['apigateway.getRestApis'],
};

const network = (
  family: string,
  resultPath: string,
  vars = [] as ReturnType<typeof scan>[],
): CommandSpec => ({
  entity: 'networks',
  recipe: { family, result_path: resultPath, vars },
});
const app = (
  family: string,
  provider: string,
  resultPath: string,
  vars: ReturnType<typeof scan>[] = [],
  extra: CommandSpec['recipe'] = {},
): CommandSpec => ({
  entity: 'applications',
  recipe: { family, provider, result_path: resultPath, vars, ...extra },
});

/** Command id → entity, plan axis and recipe labels (spec §3.1). */
export const AWS_COMMANDS: Readonly<Record<string, CommandSpec>> = {
  'ec2.describeInstances': {
    entity: 'servers',
    recipe: {
      result_path: 'Reservations',
      single_result_path: 'Instances',
      key_comparer: 'ipv4_private',
      hooks: [{ key: 'cpu|memory', hook: 'iam_aws', method: 'cpuAndMemoryByInstanceType' }],
      vars: [scan('MaxResults', 200)],
    },
  },
  'ec2.describeVolumes': {
    entity: 'volumes',
    recipe: { result_path: 'Volumes', vars: [scan('MaxResults', 200)] },
  },
  'ec2.describeSnapshots': {
    entity: 'snapshots',
    recipe: { result_path: 'Snapshots', vars: [scan('MaxResults', 200), { name: 'OwnerIds', ...OWNERS }] },
  },
  'ec2.describeImages': {
    entity: 'images',
    recipe: { result_path: 'Images', vars: [{ name: 'Owners', ...OWNERS }] },
  },
  'ec2.describeSecurityGroups': network('SecurityGroup', 'SecurityGroups', [scan('MaxResults', 200)]),
  'ec2.describeVpcs': network('Vpc', 'Vpcs'),
  'ec2.describeSubnets': network('Subnet', 'Subnets'),
  'ec2.describeVpcPeeringConnections': network('Vpc', 'VpcPeeringConnections'),
  'ec2.describeVpnGateways': network('VpcPeering', 'VpnGateways'),
  'ec2.describeVpcEndpoints': network('VpcEndpoint', 'VpcEndpoints', [scan('MaxResults', 200)]),
  'ec2.describeRouteTables': network('RouteTable', 'RouteTables'),
  'ec2.describeNetworkInterfaces': network('NetworkInterfaces', 'NetworkInterfaces'),
  'ec2.describeNatGateways': network('NatGateway', 'NatGateways', [scan('MaxResults', 200)]),
  'ec2.describeNetworkAcls': network('NetworkAcl', 'NetworkAcls'),
  'elbv2.describeLoadBalancers': app('Loadbalance', 'ELB (AWS)', 'LoadBalancers', [scan('PageSize', 200)]),
  'elb.describeLoadBalancers': app(
    'Loadbalance',
    'ELB (AWS)',
    'LoadBalancerDescriptions',
    [scan('PageSize', 200)],
    {
      single_result_path: '',
    },
  ),
  'autoscaling.describeAutoScalingGroups': app('AutoScaling', 'AutoScaling (AWS)', 'AutoScalingGroups', [
    scan('MaxRecords', 100),
  ]),
  'rds.describeDBInstances': app(
    'Database',
    'RDS (AWS)',
    'DBInstances',
    [scan('MaxRecords', 100, 'MAESTRO_DB_SCAN_QTD')],
    {
      access: 'describe_db_instances',
    },
  ),
  's3.listBuckets': { ...app('ObjectStorage', 'S3 (AWS)', 'Buckets'), per: 'account' },
  'sqs.listQueues': app('Broker', 'SQS (AWS)', ''),
  'elasticache.describeCacheClusters': app('Cache', 'Elastic Cache (AWS)', 'CacheClusters', [
    scan('MaxRecords', 100),
  ]),
  'ses.listIdentities': app('SMTP', 'SES (AWS)', '', [scan('MaxItems', 500)]),
  'cloudfront.listDistributions': {
    ...app('CDN', 'CloudFront (AWS)', 'DistributionList.Items', [
      { name: 'MaxItems', env: 'MAESTRO_SCAN_CDN_QTD', default: 100, type: 'str' },
    ]),
    per: 'account',
  },
  'cloudfront.listStreamingDistributions': {
    ...app('CDN', 'CloudFront (AWS)', 'StreamingDistributionList.Items', [
      { name: 'MaxItems', env: 'MAESTRO_SCAN_CDN_QTD', default: 100, type: 'str' },
    ]),
    per: 'account',
  },
  'lambda.listFunctions': app('Serverless', 'Lambda (AWS)', 'Functions', [scan('MaxItems', 50)]),
  'lambda.listLayers': app('ServerlessLayer', 'Lambda Layer (AWS)', 'LayerVersions', [scan('MaxItems', 50)]),
  'cloudsearch.describeDomains': app('Database', 'CloudSearch (AWS)', 'DomainStatusList'),
  'dynamodb.listTables': app('Database', 'DynamoDB (AWS)', 'TableNames', [scan('Limit', 100)], {
    conf: { pag_key: 'ExclusiveStartTableName', pag_next: 'LastEvaluatedTableName' },
  }),
  'apigateway.getRestApis': app('ApiGateway', 'ApiGateway (AWS)', 'items', [scan('limit', 500)], {
    conf: { pag_key: 'position', pag_next: 'position' },
  }),
};

export const AWS_REGIONS: readonly string[] = [
  'us-east-1 (N. Virginia)',
  'us-east-2 (Ohio)',
  'us-west-1 (N. California)',
  'us-west-2 (Oregon)',
  'ca-central-1 (Canada Central)',
  'sa-east-1 (Sao Paulo)',
  'eu-west-1 (Ireland)',
  'eu-west-2 (London)',
  'eu-west-3 (Paris)',
  'eu-central-1 (Frankfurt)',
  'eu-north-1 (Stockholm)',
  'ap-south-1 (Mumbai)',
  'ap-northeast-1 (Tokyo)',
  'ap-northeast-2 (Seoul)',
  'ap-southeast-1 (Singapore)',
  'ap-southeast-2 (Sydney)',
];

const input = (name: string, label: string, extra: Record<string, unknown> = {}) => ({
  comp: 'bs-input',
  validate: 'required',
  metas: { ...extra, name, label },
});

/**
 * The connection form client-app renders (the original's info.json, same service key and fields), and
 * the /v1 credential fields, which add what Discovery also reads (session token, role to assume).
 */
export const AWS_CATALOGUE: ProviderCatalogue = {
  info: {
    icon: 'icon-aws',
    label: 'AWS',
    method: ['AWS Access Key(IAM)'],
    dc: 'AWS',
    data: [
      {
        label: 'IAM - Access and Secret key',
        service: 'iam_aws',
        template: {
          intro: 'Please add your AWS Access Key ID and Secret Access Key.',
          dc: [true, true],
          conn: [
            input('access', 'AWS AccessKey ID*', { class: 'mt20' }),
            input('secret', 'AWS SecretAccess Key*', { type: 'password' }),
          ],
          extra: [
            {
              comp: 'accordion',
              validate: '',
              panel: [
                { header: 'Go to IAM service', body: 'Sign in to the AWS console and open the IAM service.' },
                {
                  header: 'Create a user - SecurityAudit',
                  body: '<ol><li>Open the Users tab</li><li>Add a user with programmatic access</li><li>Attach a policy directly to the user</li><li>Select the <b>SecurityAudit</b> policy (or ReadOnlyAccess)</li></ol>',
                },
                {
                  header: 'Get the access key',
                  body: "Copy the user's access key id and secret access key here.",
                },
              ],
              metas: { name: 'aws-p' },
            },
          ],
        },
      },
    ],
  },
  regions: AWS_REGIONS,
  credentialFields: [
    { name: 'access', label: 'Access key id' },
    { name: 'secret', label: 'Secret access key', secret: true },
    { name: 'session_token', label: 'Session token', secret: true, optional: true },
    { name: 'role_arn', label: 'Role ARN to assume', optional: true },
    { name: 'external_id', label: 'External id of the role', secret: true, optional: true },
    { name: 'session_name', label: 'Role session name', optional: true },
  ],
};
