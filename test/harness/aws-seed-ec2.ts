// Seeds moto with the EC2-family resources of the per-task tests (test/aws/ec2-*.test.ts): snapshots,
// images, security groups and the nine network-list kinds, each tagged like an operator would, with
// Name tags that sort in creation order (so golden files are stable).
import {
  AllocateAddressCommand,
  AssociateRouteTableCommand,
  AttachVpnGatewayCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateImageCommand,
  CreateNatGatewayCommand,
  CreateNetworkAclCommand,
  CreateNetworkAclEntryCommand,
  CreateNetworkInterfaceCommand,
  CreateRouteTableCommand,
  CreateSecurityGroupCommand,
  CreateSnapshotCommand,
  CreateSubnetCommand,
  CreateVolumeCommand,
  CreateVpcCommand,
  CreateVpcEndpointCommand,
  CreateVpcPeeringConnectionCommand,
  CreateVpnGatewayCommand,
  type EC2Client,
  RunInstancesCommand,
  type ResourceType,
  type Tag,
} from '@aws-sdk/client-ec2';
import { ec2 } from './aws-seed.js';

const AMI = 'ami-12c6146b';

/** `Name` (`<prefix>-<n>`) and `environment` tags for the n-th seeded resource of a type. */
function tagSpec(
  type: ResourceType,
  prefix: string,
  n: number,
): { TagSpecifications: { ResourceType: ResourceType; Tags: Tag[] }[] } {
  return {
    TagSpecifications: [
      {
        ResourceType: type,
        Tags: [
          { Key: 'Name', Value: `${prefix}-${n}` },
          { Key: 'environment', Value: n % 2 === 0 ? 'staging' : 'production' },
        ],
      },
    ],
  };
}

/** Runs `client` work, destroying the client afterwards. */
async function withEc2<T>(endpoint: string, region: string, work: (c: EC2Client) => Promise<T>): Promise<T> {
  const client = ec2(endpoint, region);
  try {
    return await work(client);
  } finally {
    client.destroy();
  }
}

/** `count` snapshots of fresh volumes (sizes 8, 9, …), tagged `snap-<n>`. */
export async function seedSnapshots(endpoint: string, region: string, count: number): Promise<string[]> {
  return withEc2(endpoint, region, async (c) => {
    const ids: string[] = [];
    for (let n = 1; n <= count; n++) {
      const vol = await c.send(
        new CreateVolumeCommand({ AvailabilityZone: `${region}a`, Size: 7 + n, VolumeType: 'gp3' }),
      );
      const snap = await c.send(
        new CreateSnapshotCommand({
          VolumeId: vol.VolumeId,
          Description: `nightly backup ${n}`,
          ...tagSpec('snapshot', 'snap', n),
        }),
      );
      ids.push(snap.SnapshotId as string);
    }
    return ids;
  });
}

/** `count` AMIs made from one instance (CreateImage), tagged `image-<n>`. */
export async function seedImages(endpoint: string, region: string, count: number): Promise<string[]> {
  return withEc2(endpoint, region, async (c) => {
    const run = await c.send(
      new RunInstancesCommand({ ImageId: AMI, MinCount: 1, MaxCount: 1, InstanceType: 't3.micro' }),
    );
    const instanceId = run.Instances?.[0]?.InstanceId as string;
    const ids: string[] = [];
    for (let n = 1; n <= count; n++) {
      const out = await c.send(
        new CreateImageCommand({
          InstanceId: instanceId,
          Name: `golden-image-${n}`,
          Description: `baked image ${n}`,
          ...tagSpec('image', 'image', n),
        }),
      );
      ids.push(out.ImageId as string);
    }
    return ids;
  });
}

/** `count` security groups in `vpcId`, named `sg-group-<n>`, with one ingress rule each. */
export async function seedSecurityGroups(
  endpoint: string,
  region: string,
  vpcId: string,
  count: number,
): Promise<string[]> {
  return withEc2(endpoint, region, async (c) => {
    const ids: string[] = [];
    for (let n = 1; n <= count; n++) {
      const out = await c.send(
        new CreateSecurityGroupCommand({
          GroupName: `sg-group-${n}`,
          Description: `web tier ${n}`,
          VpcId: vpcId,
          ...tagSpec('security-group', 'sg', n),
        }),
      );
      await c.send(
        new AuthorizeSecurityGroupIngressCommand({
          GroupId: out.GroupId,
          IpPermissions: [
            { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: `10.${n}.0.0/16` }] },
          ],
        }),
      );
      ids.push(out.GroupId as string);
    }
    return ids;
  });
}

/** The ids of everything seedNetworks created, per kind. */
export interface SeededNetworks {
  vpcs: string[];
  subnets: string[];
  peerings: string[];
  vpnGateways: string[];
  endpoints: string[];
  routeTables: string[];
  interfaces: string[];
  natGateways: string[];
  acls: string[];
}

/**
 * `count` of each network-list kind in `region`: VPCs 10.<n>.0.0/16, one subnet per VPC plus more in
 * the first, peerings between consecutive VPCs, VPN gateways attached to the VPCs, gateway endpoints
 * (S3) on the route tables (each associated with a subnet), ENIs and NAT gateways in the first VPC's
 * subnets, network ACLs with one ingress rule each.
 */
export async function seedNetworks(endpoint: string, region: string, count: number): Promise<SeededNetworks> {
  return withEc2(endpoint, region, async (c) => {
    const out: SeededNetworks = {
      vpcs: [],
      subnets: [],
      peerings: [],
      vpnGateways: [],
      endpoints: [],
      routeTables: [],
      interfaces: [],
      natGateways: [],
      acls: [],
    };
    for (let n = 1; n <= count; n++) {
      const vpc = await c.send(
        new CreateVpcCommand({ CidrBlock: `10.${n}.0.0/16`, ...tagSpec('vpc', 'vpc', n) }),
      );
      out.vpcs.push(vpc.Vpc?.VpcId as string);
    }
    const first = out.vpcs[0] as string;
    for (let n = 1; n <= count; n++) {
      const subnet = await c.send(
        new CreateSubnetCommand({
          VpcId: first,
          CidrBlock: `10.1.${n}.0/24`,
          AvailabilityZone: `${region}a`,
          ...tagSpec('subnet', 'subnet', n),
        }),
      );
      out.subnets.push(subnet.Subnet?.SubnetId as string);
    }
    for (let n = 1; n <= count; n++) {
      const peer = await c.send(
        new CreateVpcPeeringConnectionCommand({
          VpcId: first,
          PeerVpcId: out.vpcs[n % out.vpcs.length],
          ...tagSpec('vpc-peering-connection', 'peering', n),
        }),
      );
      out.peerings.push(peer.VpcPeeringConnection?.VpcPeeringConnectionId as string);
    }
    for (let n = 1; n <= count; n++) {
      const gw = await c.send(
        new CreateVpnGatewayCommand({
          Type: 'ipsec.1',
          AmazonSideAsn: 64512 + n,
          ...tagSpec('vpn-gateway', 'vgw', n),
        }),
      );
      const id = gw.VpnGateway?.VpnGatewayId as string;
      await c.send(new AttachVpnGatewayCommand({ VpcId: out.vpcs[n - 1], VpnGatewayId: id }));
      out.vpnGateways.push(id);
    }
    for (let n = 1; n <= count; n++) {
      const rt = await c.send(
        new CreateRouteTableCommand({ VpcId: first, ...tagSpec('route-table', 'rtb', n) }),
      );
      const id = rt.RouteTable?.RouteTableId as string;
      await c.send(new AssociateRouteTableCommand({ RouteTableId: id, SubnetId: out.subnets[n - 1] }));
      out.routeTables.push(id);
    }
    for (let n = 1; n <= count; n++) {
      const vpce = await c.send(
        new CreateVpcEndpointCommand({
          VpcId: first,
          ServiceName: `com.amazonaws.${region}.s3`,
          VpcEndpointType: 'Gateway',
          RouteTableIds: [out.routeTables[n - 1] as string],
          ...tagSpec('vpc-endpoint', 'vpce', n),
        }),
      );
      out.endpoints.push(vpce.VpcEndpoint?.VpcEndpointId as string);
    }
    for (let n = 1; n <= count; n++) {
      const eni = await c.send(
        new CreateNetworkInterfaceCommand({
          SubnetId: out.subnets[(n - 1) % out.subnets.length],
          Description: `service endpoint ${n}`,
          ...tagSpec('network-interface', 'eni', n),
        }),
      );
      out.interfaces.push(eni.NetworkInterface?.NetworkInterfaceId as string);
    }
    for (let n = 1; n <= count; n++) {
      const eip = await c.send(new AllocateAddressCommand({ Domain: 'vpc' }));
      const nat = await c.send(
        new CreateNatGatewayCommand({
          SubnetId: out.subnets[(n - 1) % out.subnets.length],
          AllocationId: eip.AllocationId,
          ...tagSpec('natgateway', 'nat', n),
        }),
      );
      out.natGateways.push(nat.NatGateway?.NatGatewayId as string);
    }
    for (let n = 1; n <= count; n++) {
      const acl = await c.send(
        new CreateNetworkAclCommand({ VpcId: first, ...tagSpec('network-acl', 'acl', n) }),
      );
      const id = acl.NetworkAcl?.NetworkAclId as string;
      await c.send(
        new CreateNetworkAclEntryCommand({
          NetworkAclId: id,
          RuleNumber: 100,
          Protocol: '6',
          RuleAction: 'allow',
          Egress: false,
          CidrBlock: `10.${n}.0.0/16`,
          PortRange: { From: 443, To: 443 },
        }),
      );
      out.acls.push(id);
    }
    return out;
  });
}
