/** The provider kit: what every provider folder shares (records, paging, a TTL cache). */
export * from './records.js';
export * from './paging.js';
export * from './cache.js';
