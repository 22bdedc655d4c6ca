import { setFlagsFromString } from 'node:v8';

/**
 * Bounds how far the worker's JavaScript heaps (the activities' and the workflow thread's) grow past
 * their live size before a full collection: each batch leaves ~35 MB of garbage (pages and records
 * parsed, change records built), and with V8's adaptive growth a long crawl lets it pile up to ~3× the
 * live heap, so the worker's peak RSS grew with the crawl's length (README, Benchmark). A process-wide
 * V8 setting: call it once, at the start of a worker process. 0 keeps V8's default.
 */
export function boundHeapGrowth(percent: number): void {
  if (percent > 0) setFlagsFromString(`--heap-growing-percent=${percent}`);
}
