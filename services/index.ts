/** Transport-free domain operations shared by the HTTP API (api/) and the CLI (bin/). */
export * from './catalogue.js';
export * from './connections.js';
export * from './crawls.js';
export * from './deps.js';
export * from './errors.js';
export * from './inventory.js';
export * from './open.js';
export * from './pagination.js';
export * from './schedule-defaults.js';
export * from './schedules.js';
