import type { ResourceKind } from '../../types.js';
import type { AwsClients } from '../clients.js';
import type { AwsCredentials } from '../credentials.js';
import { ec2Instances } from './ec2-instances.js';
import { ec2Volumes } from './ec2-volumes.js';

/** Tasks (spec §3.1) → ordered command ids of the kinds below. */
export const ec2Tasks: Readonly<Record<string, readonly string[]>> = {
  'server-list': ['ec2.describeInstances'],
  'volumes-list': ['ec2.describeVolumes'],
};

/** The EC2-family resource kinds (instances, volumes, images, snapshots, security groups, networks). */
export function ec2Kinds(clients: AwsClients): ResourceKind<AwsCredentials>[] {
  return [ec2Instances(clients), ec2Volumes(clients)];
}
