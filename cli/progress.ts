import { CancelledFailure, WorkflowFailedError } from '@temporalio/client';
import { addCounts, zeroCounts, type Counts, type RunStatus } from '../core/model.js';
import type { CrawlClient } from '../temporal/crawl-client.js';
import type { CrawlProgress, ScopeProgress } from '../workflows/definitions.js';
import { seconds } from './format.js';

/** A crawl being watched: one workflow run. */
export interface WatchedCrawl {
  task: string;
  workflowId: string;
  runId: string;
}

/** How a watched crawl ended. */
export interface CrawlOutcome extends WatchedCrawl {
  status: RunStatus;
  totals: Counts;
  scopes: ScopeProgress[];
  /** Why the workflow failed, when it did not return a result (unknown connection or task, bad regions). */
  error?: string;
}

export type ProgressMode = 'bar' | 'lines' | 'none';

export interface WatchOptions {
  mode: ProgressMode;
  /** Where progress goes (stderr for the bar, so stdout stays the summary). */
  out: NodeJS.WritableStream;
  /** How often the `progress` query runs; in `lines` mode also the least time between two lines. */
  intervalMs: number;
  /** Aborting stops the watch (the crawls go on); the promise then resolves with undefined. */
  signal?: AbortSignal;
}

const BAR_WIDTH = 24;
const FINISHED = new Set(['completed', 'failed', 'unauthorized', 'skipped', 'cancelled']);

/**
 * Watches crawls until they end: polls each one's `progress` query (workflows/definitions.ts) and shows
 * the sum as a bar redrawn in place (a terminal) or as plain lines when it changes (a pipe, a log).
 */
export async function watchCrawls(
  client: CrawlClient,
  crawls: WatchedCrawl[],
  opts: WatchOptions,
): Promise<CrawlOutcome[] | undefined> {
  const t0 = Date.now();
  const latest = new Map<string, CrawlProgress>();
  const outcomes = new Map<string, CrawlOutcome>();
  const results = Promise.all(
    crawls.map((c) =>
      outcome(client, c).then((o) => {
        outcomes.set(c.workflowId, o);
        return o;
      }),
    ),
  );
  const aborted = new Promise<undefined>((resolve) => {
    if (opts.signal?.aborted) resolve(undefined);
    opts.signal?.addEventListener('abort', () => resolve(undefined), { once: true });
  });
  let lastLine = '';
  let lastPrinted = 0;
  const render = (final: boolean): void => {
    if (opts.mode === 'none') return;
    const snapshot = crawls.map((c) => outcomes.get(c.workflowId) ?? latest.get(c.workflowId));
    const line = progressLine(snapshot, Date.now() - t0);
    if (opts.mode === 'bar') {
      opts.out.write(`\r\x1b[2K${line.bar}${final ? '\n' : ''}`);
    } else if (line.text !== lastLine && (final || Date.now() - lastPrinted >= opts.intervalMs)) {
      opts.out.write(`progress: ${line.text}\n`);
      lastLine = line.text;
      lastPrinted = Date.now();
    }
  };
  let done = false;
  const poll = (async () => {
    while (!done) {
      await Promise.all(
        crawls
          .filter((c) => !outcomes.has(c.workflowId))
          .map(async (c) => {
            try {
              latest.set(c.workflowId, await client.progress(c.workflowId, c.runId));
            } catch {
              // Not yet picked up by a worker, or just closed: the result or the next poll tells.
            }
          }),
      );
      if (done) break;
      render(false);
      await Promise.race([sleep(opts.intervalMs), results, aborted]);
    }
  })();
  const finished = await Promise.race([results, aborted]);
  done = true;
  await poll;
  if (finished) render(true);
  else if (opts.mode === 'bar') opts.out.write('\n');
  return finished;
}

/** Waits for a crawl's result; a failed or cancelled workflow becomes an outcome too. */
async function outcome(client: CrawlClient, c: WatchedCrawl): Promise<CrawlOutcome> {
  try {
    const r = await client.result(c.workflowId, c.runId);
    return { ...c, status: r.status, totals: r.totals, scopes: r.scopes };
  } catch (err) {
    const cancelled = err instanceof WorkflowFailedError && err.cause instanceof CancelledFailure;
    let scopes: ScopeProgress[] = [];
    try {
      scopes = (await client.progress(c.workflowId, c.runId)).scopes;
    } catch {
      // A workflow that failed before planning has no scopes.
    }
    const totals = scopes.reduce<Counts>((acc, s) => addCounts(acc, s), zeroCounts());
    return { ...c, status: cancelled ? 'cancelled' : 'failed', totals, scopes, error: failureMessage(err) };
  }
}

export function failureMessage(err: unknown): string {
  if (err instanceof WorkflowFailedError) {
    const cause = err.cause;
    if (cause instanceof CancelledFailure) return 'cancelled';
    return cause?.message ?? err.message;
  }
  return err instanceof Error ? err.message : String(err);
}

type Snapshot = Pick<CrawlProgress, 'status' | 'scopes' | 'totals'> | undefined;

/** The aggregate of several crawls as a bar and as a plain line. */
export function progressLine(crawls: Snapshot[], elapsedMs: number): { bar: string; text: string } {
  const known = crawls.filter((c): c is NonNullable<Snapshot> => c !== undefined);
  const scopes = known.flatMap((c) => c.scopes);
  const finished = scopes.filter((s) => FINISHED.has(s.status)).length;
  const totals = known.reduce<Counts>((acc, c) => addCounts(acc, c.totals), zeroCounts());
  const status =
    known.length < crawls.length
      ? 'waiting for a worker'
      : known.every((c) => c.status === 'planning')
        ? 'planning'
        : known.some((c) => c.status === 'running' || c.status === 'planning')
          ? 'running'
          : 'done';
  const counters = [
    `pages ${totals.pages}`,
    `items ${totals.items}`,
    `created ${totals.created}`,
    `updated ${totals.updated}`,
    `unchanged ${totals.unchanged}`,
    `deactivated ${totals.deactivated}`,
  ].join('  ');
  const scopeText = `scopes ${finished}/${scopes.length}`;
  const share = scopes.length === 0 ? 0 : finished / scopes.length;
  const filled = Math.round(share * BAR_WIDTH);
  const bar = `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${scopeText}  ${counters}  ${seconds(elapsedMs)}`;
  return { bar, text: `${status}  ${scopeText}  ${counters}` };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * watchCrawls as the commands use it: a bar on a terminal, plain lines otherwise, nothing with --json;
 * progress on stderr; SIGINT/SIGTERM stops watching (undefined), never the crawls.
 */
export async function watchFromCli(
  client: CrawlClient,
  crawls: WatchedCrawl[],
  json: boolean,
): Promise<CrawlOutcome[] | undefined> {
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  try {
    const tty = process.stderr.isTTY === true;
    return await watchCrawls(client, crawls, {
      mode: json ? 'none' : tty ? 'bar' : 'lines',
      out: process.stderr,
      intervalMs: tty ? 500 : 2000,
      signal: controller.signal,
    });
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}
