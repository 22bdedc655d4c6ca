import type { ResourceKind } from '../../types.js';
import type { AwsClients } from '../clients.js';
import type { AwsCredentials } from '../credentials.js';

/** Tasks (spec §3.1) → ordered command ids of the kinds below. */
export const serviceTasks: Readonly<Record<string, readonly string[]>> = {};

/** The resource kinds of the other AWS services (ELB, Auto Scaling, RDS, S3, SQS, ElastiCache, SES, ...). */
export function serviceKinds(_clients: AwsClients): ResourceKind<AwsCredentials>[] {
  return [];
}
