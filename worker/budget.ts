import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Collection, Db } from 'mongodb';
import type { ActivityInterceptors } from '@temporalio/worker';
import { COLLECTIONS } from '../store/collections.js';
import type { ProviderRuntime } from '../providers/types.js';

/** What a budget needs of a provider: its id and its runtime's budget hooks. */
export type BudgetedProvider = { id: string } & Pick<ProviderRuntime, 'budgetKey' | 'budgetDefaults'>;

/**
 * Per-provider-account rate budgets, shared by every worker process: at most `requestsPerSecond`
 * provider calls per second and `concurrency` calls in flight for one account, whatever the number of
 * connections to it and of workers. The account is the provider's `budgetKey(credentials)`.
 *
 * Shared state lives in MongoDB, which every worker already uses (`discovery_budgets`): one token
 * document per call and second, and one lease document per concurrency slot in use. Temporal's own limit (`maxTaskQueueActivitiesPerSecond` on a
 * per-account task queue) counts activities, and one fetch activity makes many calls, so it cannot
 * hold a request rate; it would also need every worker to poll every account's queue.
 *
 * Limits, most specific first: the connection's `budget` field (`{requests_per_second, concurrency}`),
 * DISCOVERY_BUDGET_RPS / DISCOVERY_BUDGET_CONCURRENCY (when > 0), the provider's default
 * (`ProviderRuntime.budgetDefaults`). 0 means no limit.
 */
export interface BudgetLimits {
  requestsPerSecond: number;
  concurrency: number;
}

/** A rate token (`<account>|<second>|<i>`) or a concurrency slot's lease (`<account>#<i>`). */
interface BudgetDoc {
  _id: string;
  holder?: string;
  expires?: Date;
  at: Date;
}

/** The connection an activity works for, set around each activity (budgetContextInterceptor). */
const current = new AsyncLocalStorage<{ connectionId: string }>();

export function budgetContextInterceptor(): () => ActivityInterceptors {
  const interceptors: ActivityInterceptors = {
    inbound: {
      execute: (input, next) => {
        const connectionId = (input.args[0] as { connectionId?: unknown } | undefined)?.connectionId;
        return typeof connectionId === 'string'
          ? current.run({ connectionId }, () => next(input))
          : next(input);
      },
    },
  };
  return () => interceptors;
}

/** A connection document's own limits: `budget: {requests_per_second?, concurrency?}`. */
export function connectionBudget(conn: object): Partial<BudgetLimits> | undefined {
  const b = (conn as { budget?: { requests_per_second?: unknown; concurrency?: unknown } }).budget;
  if (!b || typeof b !== 'object') return undefined;
  const out: Partial<BudgetLimits> = {};
  if (typeof b.requests_per_second === 'number' && b.requests_per_second >= 0)
    out.requestsPerSecond = b.requests_per_second;
  if (typeof b.concurrency === 'number' && b.concurrency >= 0) out.concurrency = b.concurrency;
  return out;
}

export interface AccountBudgetsOptions {
  db: Db;
  /** DISCOVERY_BUDGET_RPS / DISCOVERY_BUDGET_CONCURRENCY (0: the provider default). */
  requestsPerSecond: number;
  concurrency: number;
  /** A connection's own limits (its `budget` field). */
  connectionLimits: (connectionId: string) => Promise<Partial<BudgetLimits> | undefined>;
  /** Called with the seconds a call waited for its budget. */
  onWait?: (provider: string, seconds: number) => void;
}

const SLOT_LEASE_MS = 60_000;
/** A call is not started in the last moments of its second: it must reach the provider within it. */
const WINDOW_MARGIN_MS = 50;

export class AccountBudgets {
  private readonly col: Collection<BudgetDoc>;
  private readonly holder = randomUUID();
  /** Per account, the first token of the current second not known to be taken. */
  private readonly nextToken = new Map<string, { second: number; index: number }>();
  private readonly limitsCache = new Map<
    string,
    { at: number; value: Promise<Partial<BudgetLimits> | undefined> }
  >();

  constructor(private readonly opts: AccountBudgetsOptions) {
    this.col = opts.db.collection<BudgetDoc>(COLLECTIONS.budgets);
  }

  /** The limits of a call of this provider for the current activity's connection. */
  async limits(provider: BudgetedProvider): Promise<BudgetLimits> {
    const base = provider.budgetDefaults ?? { requestsPerSecond: 0, concurrency: 0 };
    const env = {
      requestsPerSecond:
        this.opts.requestsPerSecond > 0 ? this.opts.requestsPerSecond : base.requestsPerSecond,
      concurrency: this.opts.concurrency > 0 ? this.opts.concurrency : base.concurrency,
    };
    const connectionId = current.getStore()?.connectionId;
    const own = connectionId ? await this.connectionLimits(connectionId) : undefined;
    return {
      requestsPerSecond: own?.requestsPerSecond ?? env.requestsPerSecond,
      concurrency: own?.concurrency ?? env.concurrency,
    };
  }

  private connectionLimits(connectionId: string): Promise<Partial<BudgetLimits> | undefined> {
    const hit = this.limitsCache.get(connectionId);
    if (hit && Date.now() - hit.at < 30_000) return hit.value;
    const value = this.opts.connectionLimits(connectionId);
    value.catch(() => this.limitsCache.delete(connectionId));
    this.limitsCache.set(connectionId, { at: Date.now(), value });
    return value;
  }

  /** Waits for the account's budget; resolves to the function that releases the call's slot. */
  async acquire(provider: BudgetedProvider, credentials: unknown, signal: AbortSignal): Promise<() => void> {
    if (!provider.budgetKey) return () => undefined;
    const limits = await this.limits(provider);
    if (limits.requestsPerSecond <= 0 && limits.concurrency <= 0) return () => undefined;
    const key = `${provider.id}:${provider.budgetKey(credentials)}`;
    const started = Date.now();
    const slot = limits.concurrency > 0 ? await this.takeSlot(key, limits.concurrency, signal) : undefined;
    try {
      if (limits.requestsPerSecond > 0) await this.takeRate(key, limits.requestsPerSecond, signal);
    } catch (err) {
      if (slot) await this.releaseSlot(slot);
      throw err;
    }
    const waited = (Date.now() - started) / 1000;
    if (waited > 0.001) this.opts.onWait?.(provider.id, waited);
    return () => {
      if (slot) void this.releaseSlot(slot).catch(() => undefined);
    };
  }

  /**
   * One of the `rps` tokens of the current second (epoch seconds, every worker's clock). Tokens and
   * slots are taken by inserting a document with a unique `_id`: the one write that is atomic on
   * mongod and on FerretDB alike (FerretDB v1 runs a conditional update or `$inc` as read-then-write,
   * so two workers could both win).
   */
  private async takeRate(key: string, rps: number, signal: AbortSignal): Promise<void> {
    for (;;) {
      signal.throwIfAborted();
      const now = Date.now();
      const intoSecond = now % 1000;
      if (intoSecond > 1000 - WINDOW_MARGIN_MS) {
        await sleep(1000 - intoSecond + 1, undefined, { signal });
        continue;
      }
      const second = Math.floor(now / 1000);
      const start = this.nextToken.get(key)?.second === second ? this.nextToken.get(key)!.index : 0;
      for (let i = start; i < rps; i++) {
        if (await this.insert({ _id: `${key}|${second}|${i}`, at: new Date(now) })) {
          this.nextToken.set(key, { second, index: i + 1 });
          if (i === 0)
            void this.col.deleteMany({ at: { $lt: new Date(now - 120_000) } }).catch(() => undefined);
          return;
        }
      }
      this.nextToken.set(key, { second, index: rps });
      // This second's tokens are gone: try at the next one, spread a little so the workers do not
      // all ask at once.
      await sleep(1000 - (Date.now() % 1000) + Math.floor(Math.random() * 20), undefined, { signal });
    }
  }

  /** A lease on one of the account's `concurrency` slots (an expired lease, of a dead worker, is taken over). */
  private async takeSlot(key: string, concurrency: number, signal: AbortSignal): Promise<string> {
    for (let round = 0; ; round++) {
      for (let i = 0; i < concurrency; i++) {
        signal.throwIfAborted();
        const id = `${key}#${i}`;
        const now = new Date();
        const lease = {
          _id: id,
          holder: this.holder,
          expires: new Date(now.getTime() + SLOT_LEASE_MS),
          at: now,
        };
        if (await this.insert(lease)) return id;
        const held = await this.col.findOne({ _id: id });
        if (held?.expires && held.expires < now) {
          await this.col.deleteOne({ _id: id, expires: held.expires });
          if (await this.insert(lease)) return id;
        }
      }
      await sleep(Math.min(200, 20 + round * 10), undefined, { signal });
    }
  }

  /** Inserts; false when the `_id` is taken. */
  private async insert(doc: BudgetDoc): Promise<boolean> {
    try {
      await this.col.insertOne(doc);
      return true;
    } catch (err) {
      if ((err as { code?: number }).code === 11000) return false;
      throw err;
    }
  }

  private async releaseSlot(id: string): Promise<void> {
    await this.col.deleteOne({ _id: id, holder: this.holder });
  }
}
