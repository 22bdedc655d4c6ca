import { Context } from '@temporalio/activity';
import type { ActivityDeps, ConnectionCache } from './deps.js';
import { regionCode } from '../core/regions.js';
import { resourceKind } from './deps.js';
import type { FetchInput, FetchResult } from './types.js';

interface FetchHeartbeat {
  nextSeq: number;
  token: string | undefined;
  pages: number;
  items: number;
}

/**
 * Fetches provider pages until a batch is full or the listing ends, storing each raw page in staging
 * with the next page token, and heartbeating that token. A retry (worker crash, timeout) resumes from
 * the last heartbeat the server kept, then goes on over the pages an earlier attempt stored after it:
 * the SDK sends heartbeats at most every 80% of the heartbeat timeout, so the last one the server
 * holds can be several pages behind. Only a page whose request was in flight when the attempt died is
 * fetched again.
 */
export function fetchActivity(deps: ActivityDeps, cache: ConnectionCache) {
  return async function fetchPage(input: FetchInput): Promise<FetchResult> {
    const ctx = Context.current();
    const resumed = ctx.info.heartbeatDetails as FetchHeartbeat | undefined;
    let seq = resumed?.nextSeq ?? input.seq;
    let token = resumed ? resumed.token : input.token;
    let pages = resumed?.pages ?? 0;
    let items = resumed?.items ?? 0;
    const batchSize = deps.config.batchSize;
    // Pages an earlier attempt stored after its last heartbeat (a first attempt has none).
    let ended = resumed !== undefined && resumed.token === undefined && pages > 0;
    if (ctx.info.attempt > 1 && !ended) {
      for (;;) {
        if (pages > 0 && items >= batchSize) break;
        const stored = await deps.store.staging.rawCursor(input.runId, input.scope.key, seq);
        if (!stored) break;
        seq += 1;
        pages += 1;
        items += stored.count;
        token = stored.nextToken;
        if (stored.end) {
          ended = true;
          break;
        }
      }
    }
    const kept = pages;
    if (ended || (pages > 0 && items >= batchSize)) {
      return {
        firstSeq: input.seq,
        lastSeq: seq - 1,
        pages,
        items,
        nextToken: token,
        resumedPages: kept,
      };
    }
    const { provider } = await cache.context(input.connectionId);
    const kind = resourceKind(provider, input.scope);
    const view = await cache.view(input.connectionId);
    const { account } = input.scope;
    // An account of the connection (an organization member, a subscription, a project): its own
    // credentials, resolved here.
    let connection = view;
    try {
      if (account !== undefined && provider.credentialsFor)
        connection = { ...view, credentials: await provider.credentialsFor(view, account) };
    } catch (err) {
      throw provider.classifyError(err);
    }
    for (;;) {
      let page;
      try {
        page = await kind.listPage({
          connection,
          ...(account === undefined ? {} : { account }),
          ...(input.scope.region === undefined ? {} : { region: regionCode(input.scope.region) }),
          pageSize: deps.config.scanPageSize,
          token,
          signal: ctx.cancellationSignal,
        });
      } catch (err) {
        throw provider.classifyError(err);
      }
      await deps.store.staging.put(input.runId, input.scope.key, 'raw', seq, page.items, {
        token: page.nextToken,
      });
      seq += 1;
      pages += 1;
      items += page.items.length;
      token = page.nextToken;
      ctx.heartbeat({ nextSeq: seq, token, pages, items } satisfies FetchHeartbeat);
      if (!token || items >= batchSize) break;
    }
    return {
      firstSeq: input.seq,
      lastSeq: seq - 1,
      pages,
      items,
      nextToken: token,
      resumedPages: kept,
    };
  };
}
