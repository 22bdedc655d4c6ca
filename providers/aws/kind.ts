import type { ResourceKind } from '../types.js';
import type { AwsCredentials } from './credentials.js';

/** An AWS resource kind: the seam's ResourceKind, carrying its command id (the key of `resources`). */
export type AwsKind = ResourceKind<AwsCredentials> & { command: string };
