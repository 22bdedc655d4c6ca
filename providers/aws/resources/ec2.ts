import type { AwsClients } from '../clients.js';
import type { AwsKind } from '../kind.js';
import { ec2Images } from './ec2-images.js';
import { ec2Instances } from './ec2-instances.js';
import { ec2NatGateways } from './ec2-nat-gateways.js';
import { ec2NetworkAcls } from './ec2-network-acls.js';
import { ec2NetworkInterfaces } from './ec2-network-interfaces.js';
import { DEFAULT_OWNER_IDS } from './ec2-owners.js';
import { ec2RouteTables } from './ec2-route-tables.js';
import { ec2SecurityGroups } from './ec2-security-groups.js';
import { ec2Snapshots } from './ec2-snapshots.js';
import { ec2Subnets } from './ec2-subnets.js';
import { ec2VpcEndpoints } from './ec2-vpc-endpoints.js';
import { ec2VpcPeerings } from './ec2-vpc-peering.js';
import { ec2Vpcs } from './ec2-vpcs.js';
import { ec2VpnGateways } from './ec2-vpn-gateways.js';
import { ec2Volumes } from './ec2-volumes.js';

/**
 * The EC2-family resource kinds (instances, volumes, images, snapshots, security groups, networks).
 * `owners`: snapshot and image owners (MAESTRO_OWNERIDS, parsed by core/config.ts).
 */
export function ec2Kinds(clients: AwsClients, owners: readonly string[] = DEFAULT_OWNER_IDS): AwsKind[] {
  return [
    ec2Instances(clients),
    ec2Volumes(clients),
    ec2Snapshots(clients, owners),
    ec2Images(clients, owners),
    ec2SecurityGroups(clients),
    ec2Vpcs(clients),
    ec2Subnets(clients),
    ec2VpcPeerings(clients),
    ec2VpnGateways(clients),
    ec2VpcEndpoints(clients),
    ec2RouteTables(clients),
    ec2NetworkInterfaces(clients),
    ec2NatGateways(clients),
    ec2NetworkAcls(clients),
  ];
}
