// The non-EC2 AWS normalizers on plain SDK-shaped items: the edge cases the moto tests cannot reach
// (provider states moto never reports, real AWS queue URLs, empty listings) and the §12 fixes.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ObjectId } from 'mongodb';
import type { MappingContext, NormalizedRecord } from '../../core/model.js';
import { pageLimit, sdkRegion } from '../../providers/aws/resources/applications.js';
import { normalizeAutoScalingGroup } from '../../providers/aws/resources/autoscaling-groups.js';
import { normalizeCloudSearchDomain } from '../../providers/aws/resources/cloudsearch-domains.js';
import { normalizeDynamoDbTable } from '../../providers/aws/resources/dynamodb-tables.js';
import { normalizeClassicLoadBalancer } from '../../providers/aws/resources/elb-load-balancers.js';
import { normalizeElbv2LoadBalancer } from '../../providers/aws/resources/elbv2-load-balancers.js';
import { normalizeLambdaLayer } from '../../providers/aws/resources/lambda-layers.js';
import { normalizeRdsInstance } from '../../providers/aws/resources/rds-instances.js';
import { normalizeSesRegion } from '../../providers/aws/resources/ses-identities.js';
import { normalizeSqsRegion, parseQueueUrl } from '../../providers/aws/resources/sqs-queues.js';

const CTX: MappingContext = {
  connectionId: '65a1f0c2e4b0a1b2c3d4e5f6',
  dc: 'Production AWS',
  dcId: new ObjectId('65a1f0c2e4b0a1b2c3d4e5f7'),
  provider: 'AWS',
  region: 'sa-east-1 (São Paulo)',
};

function one(records: NormalizedRecord[]): NormalizedRecord {
  assert.equal(records.length, 1, `expected one record, got ${records.length}`);
  return records[0] as NormalizedRecord;
}

void describe('AWS service normalizers', () => {
  void test('SQS: real queue URLs → one record per region; no queues → none', () => {
    assert.deepEqual(parseQueueUrl('https://sqs.sa-east-1.amazonaws.com/210987654321/orders.fifo'), {
      account: '210987654321',
      queue: 'orders.fifo',
    });
    assert.equal(parseQueueUrl('not a url'), undefined);
    const r = one(
      normalizeSqsRegion(
        {
          QueueUrls: [
            'https://sqs.sa-east-1.amazonaws.com/210987654321/orders.fifo',
            'https://sqs.sa-east-1.amazonaws.com/210987654321/emails',
          ],
        },
        CTX,
      ),
    );
    assert.equal(r.unique_id, '210987654321_sqs_sa-east-1');
    assert.equal(r.name, 'SQS - 210987654321');
    assert.deepEqual(r.queues, ['orders.fifo', 'emails']);
    assert.deepEqual(normalizeSqsRegion({ QueueUrls: [] }, CTX), []);
    assert.deepEqual(normalizeSqsRegion({}, CTX), []);
  });

  void test('SES: no identities → no record; otherwise one per connection and region', () => {
    assert.deepEqual(normalizeSesRegion({ Identities: [] }, CTX), []);
    assert.equal(
      one(normalizeSesRegion({ Identities: ['a.example'] }, CTX)).unique_id,
      `${CTX.connectionId}_ses_sa-east-1`,
    );
  });

  void test('ELBv2: failed or impaired → inactive with the capitalized state; no ARN → no record', () => {
    const arn = 'arn:aws:elasticloadbalancing:sa-east-1:210987654321:loadbalancer/net/edge/0123456789abcdef';
    const failed = one(
      normalizeElbv2LoadBalancer(
        { LoadBalancerArn: arn, LoadBalancerName: 'edge', State: { Code: 'failed' } },
        CTX,
      ),
    );
    assert.deepEqual([failed.unique_id, failed.status, failed.active], [arn, 'Failed', false]);
    const impaired = one(
      normalizeElbv2LoadBalancer({ LoadBalancerArn: arn, State: { Code: 'active_impaired' } }, CTX),
    );
    assert.equal(impaired.active, false);
    assert.deepEqual(normalizeElbv2LoadBalancer({ LoadBalancerName: 'edge' }, CTX), []);
  });

  void test('classic ELB: unique_id is region-qualified; health check and listeners are mapped', () => {
    const r = one(
      normalizeClassicLoadBalancer(
        {
          LoadBalancerName: 'legacy',
          VPCId: 'vpc-1',
          HealthCheck: { Target: 'HTTP:8080/health', Interval: 30 },
          ListenerDescriptions: [{ Listener: { Protocol: 'HTTP', LoadBalancerPort: 80 }, PolicyNames: [] }],
          Policies: { OtherPolicies: ['p'] },
        },
        CTX,
      ),
    );
    assert.equal(r.unique_id, 'elb:sa-east-1:legacy');
    assert.deepEqual(r.role, {
      vpc_id: 'vpc-1',
      health_check_classic: { Target: 'HTTP:8080/health', Interval: 30 },
      healthcheck: 'HTTP:8080/health',
    });
    // The original stored Policies under listener_descriptions (§6.5 key collision).
    assert.deepEqual((r.datacenters as Record<string, unknown>).listener_descriptions, [
      { Listener: { Protocol: 'HTTP', LoadBalancerPort: 80 } },
    ]);
  });

  void test('Auto Scaling: a group being deleted (Status) is inactive', () => {
    const r = one(
      normalizeAutoScalingGroup(
        { AutoScalingGroupARN: 'arn:asg', AutoScalingGroupName: 'g', Status: 'Delete in progress' },
        CTX,
      ),
    );
    assert.deepEqual([r.active, r.status], [false, 'Delete in progress']);
  });

  void test('RDS: created_at from InstanceCreateTime, read_status from StatusInfos, inactive states', () => {
    const created = new Date('2023-04-05T06:07:08.000Z');
    const r = one(
      normalizeRdsInstance(
        {
          DBInstanceArn: 'arn:aws:rds:sa-east-1:210987654321:db:replica',
          DBInstanceIdentifier: 'replica',
          DBInstanceStatus: 'stopped',
          InstanceCreateTime: created,
          StatusInfos: [{ StatusType: 'read replication', Normal: true, Status: 'replicating' }],
          StorageEncrypted: false,
          TagList: [{ Key: 'Environment', Value: 'QA' }],
        },
        CTX,
      ),
    );
    assert.deepEqual(
      [r.created_at, r.read_status, r.status, r.active, r.environment],
      [created, 'replicating', 'Stopped', false, 'Qa'],
    );
    assert.equal((r.role as Record<string, unknown>).storage_encrypted, false, 'false is kept (§12.6)');
  });

  void test('Lambda layers: the version fields, not the literal strings of the original', () => {
    const r = one(
      normalizeLambdaLayer(
        {
          LayerName: 'pandas',
          LayerArn: 'arn:aws:lambda:sa-east-1:210987654321:layer:pandas',
          LatestMatchingVersion: {
            LayerVersionArn: 'arn:aws:lambda:sa-east-1:210987654321:layer:pandas:7',
            Version: 7,
            Description: 'pandas 2',
            CreatedDate: '2024-02-03T04:05:06.789+0000',
            CompatibleRuntimes: ['python3.11', 'python3.12'],
            LicenseInfo: 'BSD-3-Clause',
          },
        },
        CTX,
      ),
    );
    assert.equal(r.unique_id, 'arn:aws:lambda:sa-east-1:210987654321:layer:pandas:7');
    assert.deepEqual(
      [r.description, r.runtimes, r.license_info, r.version, (r.created_at as Date).toISOString()],
      ['pandas 2', ['python3.11', 'python3.12'], 'BSD-3-Clause', 7, '2024-02-03T04:05:06.789Z'],
    );
    assert.deepEqual(normalizeLambdaLayer({ LayerName: 'empty' }, CTX), []);
  });

  void test('CloudSearch: no crash on the boolean Created; Deleted → inactive', () => {
    const r = one(
      normalizeCloudSearchDomain(
        {
          DomainId: '210987654321/logs',
          DomainName: 'logs',
          ARN: 'arn:cs',
          Created: true,
          Deleted: true,
          Processing: false,
        },
        CTX,
      ),
    );
    assert.deepEqual([r.unique_id, r.active, r.created_at], ['arn:cs', false, undefined]);
  });

  void test('DynamoDB: a table being deleted is inactive; a description without ARN yields nothing', () => {
    const r = one(
      normalizeDynamoDbTable({ TableName: 't', TableArn: 'arn:t', TableStatus: 'DELETING' }, CTX),
    );
    assert.deepEqual([r.name, r.status, r.active], ['DynamoDB - t', 'Deleting', false]);
    assert.deepEqual(normalizeDynamoDbTable({ TableName: 't' }, CTX), []);
  });
});

void describe('AWS service helpers', () => {
  void test('pageLimit clamps to the API limits; sdkRegion maps labels and global', () => {
    assert.deepEqual([pageLimit(2, 20, 100), pageLimit(500, 1, 400), pageLimit(50, 1, 100)], [20, 400, 50]);
    assert.deepEqual(
      [sdkRegion('eu-west-1 (Ireland)'), sdkRegion('global'), sdkRegion('')],
      ['eu-west-1', 'us-east-1', 'us-east-1'],
    );
  });
});
