import type { AwsClients } from '../clients.js';
import type { AwsKind } from '../kind.js';
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

/** The resource kinds of the other AWS services (ELB, Auto Scaling, RDS, S3, SQS, ElastiCache, SES, ...). */
export function serviceKinds(clients: AwsClients): AwsKind[] {
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
