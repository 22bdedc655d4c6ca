export { crawlConnection } from './crawl-connection.js';
export { crawlPartition } from './crawl-partition.js';
