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
 * and heartbeating the next page token. A retry (worker crash, timeout) resumes from the last
 * heartbeat: pages already stored are not fetched again.
 */
export function fetchActivity(deps: ActivityDeps, cache: ConnectionCache) {
  return async function fetchPage(input: FetchInput): Promise<FetchResult> {
    const ctx = Context.current();
    const resumed = ctx.info.heartbeatDetails as FetchHeartbeat | undefined;
    let seq = resumed?.nextSeq ?? input.seq;
    let token = resumed ? resumed.token : input.token;
    let pages = resumed?.pages ?? 0;
    let items = resumed?.items ?? 0;
    if (resumed && resumed.token === undefined && pages > 0) {
      return {
        firstSeq: input.seq,
        lastSeq: seq - 1,
        pages,
        items,
        nextToken: undefined,
        resumedPages: pages,
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
    const batchSize = deps.config.batchSize;
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
      await deps.store.staging.put(input.runId, input.scope.key, 'raw', seq, page.items);
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
      resumedPages: resumed?.pages ?? 0,
    };
  };
}
