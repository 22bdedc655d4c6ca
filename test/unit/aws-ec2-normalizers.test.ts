// The pure EC2-family normalizers (snapshots, images, security groups, the nine network kinds) and
// MAESTRO_OWNERIDS parsing: spec §6.5 rules and the §12 fixes, on plain SDK-shaped items. The full
// documents are pinned by the golden files of test/aws/ec2-*.test.ts (moto over the wire).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ObjectId } from 'mongodb';
import { ConfigError } from '../../core/errors.js';
import type { MappingContext, NormalizedRecord } from '../../core/model.js';
import { EC2_IMAGE_FIELDS, normalizeEc2Image } from '../../providers/aws/resources/ec2-images.js';
import { INSTANCE_TYPE_FIELD, normalizeEc2Instance } from '../../providers/aws/resources/ec2-instances.js';
import {
  EC2_NAT_GATEWAY_FIELDS,
  normalizeEc2NatGateway,
} from '../../providers/aws/resources/ec2-nat-gateways.js';
import {
  EC2_NETWORK_ACL_FIELDS,
  normalizeEc2NetworkAcl,
} from '../../providers/aws/resources/ec2-network-acls.js';
import {
  EC2_NETWORK_INTERFACE_FIELDS,
  normalizeEc2NetworkInterface,
} from '../../providers/aws/resources/ec2-network-interfaces.js';
import { loadConfig } from '../../config/index.js';
import { parseOwnerIds } from '../../providers/aws/resources/ec2-owners.js';
import {
  EC2_ROUTE_TABLE_FIELDS,
  normalizeEc2RouteTable,
} from '../../providers/aws/resources/ec2-route-tables.js';
import {
  EC2_SECURITY_GROUP_FIELDS,
  normalizeEc2SecurityGroup,
} from '../../providers/aws/resources/ec2-security-groups.js';
import { EC2_SNAPSHOT_FIELDS, normalizeEc2Snapshot } from '../../providers/aws/resources/ec2-snapshots.js';
import { EC2_SUBNET_FIELDS, normalizeEc2Subnet } from '../../providers/aws/resources/ec2-subnets.js';
import {
  EC2_VPC_ENDPOINT_FIELDS,
  normalizeEc2VpcEndpoint,
} from '../../providers/aws/resources/ec2-vpc-endpoints.js';
import {
  EC2_VPC_PEERING_FIELDS,
  normalizeEc2VpcPeering,
} from '../../providers/aws/resources/ec2-vpc-peering.js';
import { EC2_VPC_FIELDS, normalizeEc2Vpc } from '../../providers/aws/resources/ec2-vpcs.js';
import {
  EC2_VPN_GATEWAY_FIELDS,
  normalizeEc2VpnGateway,
} from '../../providers/aws/resources/ec2-vpn-gateways.js';

const CTX: MappingContext = {
  connectionId: '65a1f0c2e4b0a1b2c3d4e5f6',
  dc: 'Production AWS',
  dcId: new ObjectId('65a1f0c2e4b0a1b2c3d4e5f7'),
  provider: 'AWS',
  region: 'us-east-1',
};

type Normalize = (raw: unknown, ctx: MappingContext) => NormalizedRecord[];

function one(normalize: Normalize, raw: Record<string, unknown>): NormalizedRecord {
  const out = normalize(raw, CTX);
  assert.equal(out.length, 1);
  return out[0]!;
}

const TAGS = [
  { Key: 'Name', Value: 'edge NET' },
  { Key: 'Environment', Value: 'STAGING' },
];

/** Each kind with a minimal item carrying its id, tags and every field the kind maps. */
const KINDS: ReadonlyArray<{
  name: string;
  normalize: Normalize;
  fields: readonly string[];
  idKey: string;
  raw: Record<string, unknown>;
}> = [
  {
    name: 'snapshot',
    normalize: normalizeEc2Snapshot,
    fields: EC2_SNAPSHOT_FIELDS,
    idKey: 'SnapshotId',
    raw: {
      SnapshotId: 'snap-1',
      Tags: TAGS,
      DataEncryptionKeyId: 'dek',
      Encrypted: false,
      KmsKeyId: 'kms',
      OwnerId: '123456789012',
      OwnerAlias: 'self',
      Progress: '100%',
      StartTime: new Date('2024-01-01T00:00:00Z'),
      VolumeId: 'vol-1',
      VolumeSize: 8,
      StateMessage: 'Key is disabled',
      State: 'error',
    },
  },
  {
    name: 'image',
    normalize: normalizeEc2Image,
    fields: EC2_IMAGE_FIELDS,
    idKey: 'ImageId',
    raw: {
      ImageId: 'ami-1',
      Name: 'base image',
      Tags: TAGS,
      ImageLocation: 'loc',
      ImageType: 'machine',
      Public: false,
      KernelId: 'aki-1',
      Platform: 'windows',
      ProductCodes: [{ ProductCodeId: 'p', ProductCodeType: 'marketplace' }],
      BlockDeviceMappings: [{ DeviceName: '/dev/sda1', Ebs: { SnapshotId: 'snap-1', VolumeSize: 8 } }],
      Description: 'd',
      EnaSupport: true,
      Hypervisor: 'xen',
      RootDeviceName: '/dev/sda1',
      RootDeviceType: 'ebs',
      StateReason: { Code: 'c', Message: 'm' },
      State: 'available',
      CreationDate: '2024-01-01T00:00:00.000Z',
    },
  },
  {
    name: 'security group',
    normalize: normalizeEc2SecurityGroup,
    fields: EC2_SECURITY_GROUP_FIELDS,
    idKey: 'GroupId',
    raw: {
      GroupId: 'sg-1',
      GroupName: 'web',
      Description: 'd',
      IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22 }],
      VpcId: 'vpc-1',
      Tags: TAGS,
    },
  },
  {
    name: 'vpc',
    normalize: normalizeEc2Vpc,
    fields: EC2_VPC_FIELDS,
    idKey: 'VpcId',
    raw: {
      VpcId: 'vpc-1',
      Tags: TAGS,
      CidrBlock: '10.0.0.0/16',
      DhcpOptionsId: 'dopt-1',
      InstanceTenancy: 'default',
      Ipv6CidrBlockAssociationSet: [{ Ipv6CidrBlock: '::/56' }],
      CidrBlockAssociationSet: [{ CidrBlock: '10.0.0.0/16' }],
      IsDefault: false,
      State: 'available',
    },
  },
  {
    name: 'subnet',
    normalize: normalizeEc2Subnet,
    fields: EC2_SUBNET_FIELDS,
    idKey: 'SubnetId',
    raw: {
      SubnetId: 'subnet-1',
      Tags: TAGS,
      AvailabilityZone: 'us-east-1a',
      AvailableIpAddressCount: 0,
      CidrBlock: '10.0.1.0/24',
      DefaultForAz: false,
      MapPublicIpOnLaunch: false,
      VpcId: 'vpc-1',
      AssignIpv6AddressOnCreation: false,
      Ipv6CidrBlockAssociationSet: [{ Ipv6CidrBlock: '::/64' }],
      State: 'available',
    },
  },
  {
    name: 'vpc peering',
    normalize: normalizeEc2VpcPeering,
    fields: EC2_VPC_PEERING_FIELDS,
    idKey: 'VpcPeeringConnectionId',
    raw: {
      VpcPeeringConnectionId: 'pcx-1',
      Tags: TAGS,
      AccepterVpcInfo: { VpcId: 'vpc-2' },
      RequesterVpcInfo: { VpcId: 'vpc-1' },
      ExpirationTime: new Date('2024-01-08T00:00:00Z'),
      Status: { Code: 'active', Message: 'Active' },
    },
  },
  {
    name: 'vpn gateway',
    normalize: normalizeEc2VpnGateway,
    fields: EC2_VPN_GATEWAY_FIELDS,
    idKey: 'VpnGatewayId',
    raw: {
      VpnGatewayId: 'vgw-1',
      Tags: TAGS,
      AvailabilityZone: 'us-east-1a',
      VpcAttachments: [{ VpcId: 'vpc-1', State: 'attached' }],
      AmazonSideAsn: 64512,
      State: 'available',
    },
  },
  {
    name: 'vpc endpoint',
    normalize: normalizeEc2VpcEndpoint,
    fields: EC2_VPC_ENDPOINT_FIELDS,
    idKey: 'VpcEndpointId',
    raw: {
      VpcEndpointId: 'vpce-1',
      Tags: TAGS,
      VpcEndpointType: 'Interface',
      VpcId: 'vpc-1',
      ServiceName: 'com.amazonaws.us-east-1.s3',
      PolicyDocument: '{}',
      RouteTableIds: ['rtb-1'],
      SubnetIds: ['subnet-1'],
      Groups: [{ GroupId: 'sg-1' }],
      PrivateDnsEnabled: false,
      NetworkInterfaceIds: ['eni-1'],
      DnsEntries: [{ DnsName: 'x' }],
      CreationTimestamp: new Date('2024-01-01T00:00:00Z'),
      State: 'Available',
    },
  },
  {
    name: 'route table',
    normalize: normalizeEc2RouteTable,
    fields: EC2_ROUTE_TABLE_FIELDS,
    idKey: 'RouteTableId',
    raw: {
      RouteTableId: 'rtb-1',
      Tags: TAGS,
      Associations: [{ Main: true }],
      PropagatingVgws: [{ GatewayId: 'vgw-1' }],
      Routes: [{ GatewayId: 'local' }],
      VpcId: 'vpc-1',
    },
  },
  {
    name: 'network interface',
    normalize: normalizeEc2NetworkInterface,
    fields: EC2_NETWORK_INTERFACE_FIELDS,
    idKey: 'NetworkInterfaceId',
    raw: {
      NetworkInterfaceId: 'eni-1',
      TagSet: TAGS,
      Association: { PublicIp: '1.2.3.4' },
      Attachment: { InstanceId: 'i-1' },
      AvailabilityZone: 'us-east-1a',
      Description: 'd',
      Groups: [{ GroupId: 'sg-1' }],
      InterfaceType: 'interface',
      Ipv6Addresses: [{ Ipv6Address: '::1' }],
      MacAddress: '02:00:00:00:00:01',
      PrivateDnsName: 'ip-10-0-0-1.ec2.internal',
      PrivateIpAddress: '10.0.0.1',
      PrivateIpAddresses: [{ PrivateIpAddress: '10.0.0.1' }],
      RequesterId: 'AIDA',
      RequesterManaged: false,
      SourceDestCheck: false,
      SubnetId: 'subnet-1',
      VpcId: 'vpc-1',
      Status: 'in-use',
    },
  },
  {
    name: 'nat gateway',
    normalize: normalizeEc2NatGateway,
    fields: EC2_NAT_GATEWAY_FIELDS,
    idKey: 'NatGatewayId',
    raw: {
      NatGatewayId: 'nat-1',
      Tags: TAGS,
      VpcId: 'vpc-1',
      SubnetId: 'subnet-1',
      ProvisionedBandwidth: { Provisioned: '1' },
      NatGatewayAddresses: [{ AllocationId: 'eipalloc-1' }],
      FailureCode: 'Gateway.NotAttached',
      FailureMessage: 'm',
      DeleteTime: new Date('2024-01-02T00:00:00Z'),
      CreateTime: new Date('2024-01-01T00:00:00Z'),
      State: 'failed',
    },
  },
  {
    name: 'network acl',
    normalize: normalizeEc2NetworkAcl,
    fields: EC2_NETWORK_ACL_FIELDS,
    idKey: 'NetworkAclId',
    raw: {
      NetworkAclId: 'acl-1',
      Tags: TAGS,
      Associations: [{ SubnetId: 'subnet-1' }],
      Entries: [{ RuleNumber: 100 }],
      IsDefault: false,
      VpcId: 'vpc-1',
    },
  },
];

void describe('EC2 normalizers: common rules', () => {
  for (const k of KINDS) {
    void test(`${k.name}: unique_id from ${k.idKey}, only owned fields, every owned field produced`, () => {
      const r = one(k.normalize, k.raw);
      assert.equal(r.unique_id, k.raw[k.idKey]);
      const produced = Object.keys(r).sort();
      for (const key of produced) assert.ok(k.fields.includes(key), `${key} is owned`);
      // The item carries every source field, so every owned field but `name`/`status` of the
      // stateless or unnamed kinds is produced.
      const missing = k.fields.filter((f) => !(f in r) && !['name', 'status'].includes(f));
      assert.deepEqual(missing, []);
    });

    void test(`${k.name}: no id → no record; the raw item is not mutated`, () => {
      assert.deepEqual(k.normalize({ ...k.raw, [k.idKey]: undefined }, CTX), []);
      assert.deepEqual(k.normalize({}, CTX), []);
      const copy = structuredClone(k.raw);
      k.normalize(k.raw, CTX);
      assert.deepStrictEqual(k.raw, copy);
    });

    void test(`${k.name}: environment from the tag (case-insensitive, capitalized), tags as {key, value}`, () => {
      const r = one(k.normalize, k.raw);
      assert.equal(r.environment, 'Staging');
      assert.deepEqual(r.tags, [
        { key: 'Name', value: 'edge NET' },
        { key: 'Environment', value: 'STAGING' },
      ]);
    });
  }
});

void describe('EC2 normalizers: per-kind rules and §12 fixes', () => {
  const kind = (name: string) => KINDS.find((k) => k.name === name)!;
  const rec = (name: string, patch: Record<string, unknown> = {}) =>
    one(kind(name).normalize, { ...kind(name).raw, ...patch });

  void test('VPC: the CIDR is cidr_block, not image_id (§12.5); is_default false is kept (§12.6)', () => {
    const r = rec('vpc');
    assert.equal(r.cidr_block, '10.0.0.0/16');
    assert.equal('image_id' in r, false);
    assert.equal(r.is_default, false);
    assert.equal(r.name, 'Edge net');
    assert.equal(r.family, 'Vpc');
    assert.equal(rec('vpc', { State: 'pending' }).active, true);
    assert.equal(rec('vpc', { State: 'invalid' }).active, false);
  });

  void test('snapshot: state_message is the plain StateMessage (§12.5); State error → inactive', () => {
    const r = rec('snapshot');
    assert.equal(r.state_message, 'Key is disabled');
    assert.equal(r.status, 'Error');
    assert.equal(r.active, false);
    assert.equal(r.size, 8);
    assert.equal(r.encrypted, false);
    assert.equal(rec('snapshot', { State: 'completed' }).active, true);
  });

  void test('image: storage from BlockDeviceMappings, created_at a Date, deregistered → inactive', () => {
    const r = rec('image');
    assert.deepEqual(r.storage, [{ name: '/dev/sda1', snapshot_id: 'snap-1', volume_size: 8 }]);
    assert.deepEqual(r.created_at, new Date('2024-01-01T00:00:00.000Z'));
    assert.equal(r.name, 'base image');
    for (const state of ['deregistered', 'invalid', 'transient', 'failed', 'error'])
      assert.equal(rec('image', { State: state }).active, false, state);
    assert.equal(rec('image', { State: 'pending' }).active, true);
  });

  void test('security group: name and group_name from GroupName, no status, active', () => {
    const r = rec('security group');
    assert.equal(r.name, 'web');
    assert.equal(r.group_name, 'web');
    assert.equal(r.family, 'SecurityGroup');
    assert.equal('status' in r, false);
    assert.equal(r.active, true);
  });

  void test('VPN gateway: family VpnGateways (the recipe said VpcPeering); deleting/deleted → inactive', () => {
    assert.equal(rec('vpn gateway').family, 'VpnGateways');
    assert.equal(rec('vpn gateway', { State: 'deleting' }).active, false);
    assert.equal(rec('vpn gateway', { State: 'deleted' }).active, false);
    assert.equal(rec('vpn gateway').active, true);
  });

  void test('VPC peering: family VpcPeering (the recipe said Vpc); status/active from Status.Code', () => {
    const r = rec('vpc peering');
    assert.equal(r.family, 'VpcPeering');
    assert.equal(r.status, 'Active');
    assert.equal(r.active, true);
    for (const code of ['deleted', 'rejected', 'failed', 'expired'])
      assert.equal(rec('vpc peering', { Status: { Code: code } }).active, false, code);
    assert.equal(rec('vpc peering', { Status: { Code: 'pending-acceptance' } }).status, 'Pending-acceptance');
  });

  void test('network interface: status/active from Status, not the absent State', () => {
    assert.equal(rec('network interface').status, 'In-use');
    assert.equal(rec('network interface').active, true);
    assert.equal(rec('network interface', { Status: 'detaching' }).active, false);
    assert.equal(rec('network interface').family, 'NetworkInterfaces');
    assert.equal(rec('network interface').source_dest_check, false);
  });

  void test('VPC endpoint: states compared case-insensitively (AWS "Deleted", moto "deleted")', () => {
    assert.equal(rec('vpc endpoint', { State: 'Deleted' }).active, false);
    assert.equal(rec('vpc endpoint', { State: 'deleted' }).active, false);
    assert.equal(rec('vpc endpoint', { State: 'available' }).active, true);
  });

  void test('NAT gateway: failed/deleting/deleted → inactive; created_at from CreateTime', () => {
    const r = rec('nat gateway');
    assert.equal(r.active, false);
    assert.deepEqual(r.created_at, new Date('2024-01-01T00:00:00Z'));
    assert.equal(rec('nat gateway', { State: 'available' }).active, true);
  });

  void test('subnet: available_ip_address_count 0 and false flags are written (§12.6)', () => {
    const r = rec('subnet');
    assert.equal(r.available_ip_address_count, 0);
    assert.equal(r.default_for_az, false);
    assert.equal(r.map_public_ip_on_launch, false);
  });
});

void describe('server cpu/memory from the instance-type enrichment', () => {
  const instance = { InstanceId: 'i-1', InstanceType: 'm5.large', State: { Name: 'running' } };
  void test('cpu = vCPUs, memory = MiB / 1024 (GiB)', () => {
    const r = one(normalizeEc2Instance, {
      ...instance,
      [INSTANCE_TYPE_FIELD]: { vcpus: 2, memoryMiB: 8192 },
    });
    assert.equal(r.cpu, 2);
    assert.equal(r.memory, 8);
    const half = one(normalizeEc2Instance, {
      ...instance,
      [INSTANCE_TYPE_FIELD]: { vcpus: 1, memoryMiB: 512 },
    });
    assert.equal(half.memory, 0.5);
  });
  void test('without the enrichment: no cpu, no memory', () => {
    const r = one(normalizeEc2Instance, instance);
    assert.equal('cpu' in r, false);
    assert.equal('memory' in r, false);
  });
});

void describe('MAESTRO_OWNERIDS', () => {
  void test('unset or blank → ["self"]', () => {
    assert.deepEqual(parseOwnerIds(undefined), ['self']);
    assert.deepEqual(parseOwnerIds('  '), ['self']);
  });
  void test('a JSON array or a comma-separated list; "self" is not split into letters', () => {
    assert.deepEqual(parseOwnerIds('self'), ['self']);
    assert.deepEqual(parseOwnerIds('["self","123456789012"]'), ['self', '123456789012']);
    assert.deepEqual(parseOwnerIds('self, amazon ,123456789012'), ['self', 'amazon', '123456789012']);
  });
  void test('bad values fail the configuration, naming the variable', () => {
    for (const bad of ['["self"', '[]', 'me', '12345', '[1]', 'self,']) {
      assert.throws(() => parseOwnerIds(bad), Error, bad);
      assert.throws(
        () => loadConfig({ MAESTRO_OWNERIDS: bad }),
        (err: unknown) => err instanceof ConfigError && err.message.includes('MAESTRO_OWNERIDS'),
        bad,
      );
    }
  });
  void test('the configured owners reach the snapshot and image kinds', () => {
    assert.deepEqual(loadConfig({ MAESTRO_OWNERIDS: 'self,123456789012' }).providers.aws.ownerIds, [
      'self',
      '123456789012',
    ]);
    assert.deepEqual(loadConfig({}).providers.aws.ownerIds, ['self']);
  });
});
