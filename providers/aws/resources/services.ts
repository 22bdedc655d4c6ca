import type { ResourceKind } from '../../types.js';
import type { AwsClients } from '../clients.js';
import type { AwsCredentials } from '../credentials.js';
import { restApis } from './apigateway-rest-apis.js';
import { autoScalingGroups } from './autoscaling-groups.js';
import { cloudFrontDistributions } from './cloudfront-distributions.js';
import { cloudFrontStreamingDistributions } from './cloudfront-streaming-distributions.js';
import { cloudSearchDomains } from './cloudsearch-domains.js';
import { dynamoDbTables } from './dynamodb-tables.js';
import { elastiCacheClusters } from './elasticache-clusters.js';
import { elbLoadBalancers } from './elb-load-balancers.js';
import { elbv2LoadBalancers } from './elbv2-load-balancers.js';
import { lambdaFunctions } from './lambda-functions.js';
import { lambdaLayers } from './lambda-layers.js';
import { rdsInstances } from './rds-instances.js';
import { s3Buckets } from './s3-buckets.js';
import { sesIdentities } from './ses-identities.js';
import { sqsQueues } from './sqs-queues.js';

/** Tasks (spec §3.1) → ordered command ids of the kinds below. */
export const serviceTasks: Readonly<Record<string, readonly string[]>> = {
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

/** The resource kinds of the other AWS services (ELB, Auto Scaling, RDS, S3, SQS, ElastiCache, SES, ...). */
export function serviceKinds(clients: AwsClients): ResourceKind<AwsCredentials>[] {
  return [
    elbv2LoadBalancers(clients),
    elbLoadBalancers(clients),
    autoScalingGroups(clients),
    rdsInstances(clients),
    s3Buckets(clients),
    sqsQueues(clients),
    elastiCacheClusters(clients),
    sesIdentities(clients),
    cloudFrontDistributions(clients),
    cloudFrontStreamingDistributions(clients),
    lambdaFunctions(clients),
    lambdaLayers(clients),
    cloudSearchDomains(clients),
    dynamoDbTables(clients),
    restApis(clients),
  ];
}
