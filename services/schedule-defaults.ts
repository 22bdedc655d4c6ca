/** Default crawl interval per task, in seconds (Maestro server-app's schedule, spec §3.3). */
const MIN = 60;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

export const DEFAULT_SCHEDULES: Readonly<Record<string, number>> = {
  'server-list': 5 * MIN,
  'loadbalance-list': 6 * HOUR,
  'volumes-list': 6 * HOUR,
  'security-list': 6 * HOUR,
  'serverless-list': 12 * HOUR,
  'dbs-list': DAY,
  'storage-object-list': DAY,
  'autoscaling-list': DAY,
  'serverless-support-list': DAY,
  'storage-list': 5 * HOUR,
  'cdns-list': 5 * DAY,
  'brokers-list': 5 * DAY,
  'search-list': 5 * DAY,
  'smtp-list': DAY,
  'cache-list': DAY,
  'container-orchestration-list': DAY,
  'dynamodb-list': 3 * DAY,
  'gateway-list': 3 * DAY,
  'network-list': 7 * DAY,
  'snapshot-list': 14 * DAY,
  'images-list': 14 * DAY,
  'flavor-list': 14 * DAY,
};
