import type { NormalizedRecord } from '../../core/model.js';

/**
 * The `unique_id`s Maestro's discovery-api gave the AWS resources whose id Discovery changed so that
 * same-named resources in two regions no longer collide (docs/aws.md, "unique_id choices"). Derived
 * from the new id or the record; a document stored under one of them is adopted and re-keyed.
 */
const one = (m: RegExpExecArray | null): string[] => (m?.[1] ? [m[1]] : []);
const nameOf = (r: NormalizedRecord): string[] => (typeof r.name === 'string' && r.name ? [r.name] : []);

/** Classic ELB `elb:<region>:<name>` ← `LoadBalancerName`. */
export const legacyClassicElbIds = (r: NormalizedRecord): string[] =>
  one(/^elb:[^:]+:(.+)$/.exec(r.unique_id));
/** ELBv2 ARN ← `LoadBalancerName` (the record's `name`). */
export const legacyElbv2Ids = nameOf;
/** RDS ARN ← `DBInstanceIdentifier` (the record's `name`). */
export const legacyRdsIds = nameOf;
/** ElastiCache `arn:…:cluster:<id>` ← `CacheClusterId`. */
export const legacyElastiCacheIds = (r: NormalizedRecord): string[] =>
  one(/:cluster:(.+)$/.exec(r.unique_id));
/** CloudSearch domain ARN ← `DomainId` (`<account>/<name>`, kept in `role.domain_id`). */
export const legacyCloudSearchIds = (r: NormalizedRecord): string[] => {
  const id = (r.role as { domain_id?: unknown } | undefined)?.domain_id;
  return typeof id === 'string' && id !== r.unique_id ? [id] : [];
};
/** SQS `<account>_sqs_<region>` ← the account id. */
export const legacySqsIds = (r: NormalizedRecord): string[] => one(/^(.+)_sqs_[^_]+$/.exec(r.unique_id));
/** SES `<connection>_ses_<region>` ← `<connection>_ses`. */
export const legacySesIds = (r: NormalizedRecord): string[] => one(/^(.+_ses)_[^_]+$/.exec(r.unique_id));
