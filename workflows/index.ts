export { crawlConnection } from './crawl-connection.js';
export { crawlPartition } from './crawl-partition.js';
export { retranslateRun } from './retranslate-run.js';
export { scheduledCrawl } from './scheduled-crawl.js';
