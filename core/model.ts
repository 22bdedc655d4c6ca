/** Shared vocabulary of the crawl: entities, scopes, counters and normalized records. */

export const ENTITIES = [
  'servers',
  'volumes',
  'applications',
  'networks',
  'images',
  'snapshots',
  'flavors',
] as const;
export type Entity = (typeof ENTITIES)[number];

export function isEntity(value: string): value is Entity {
  return (ENTITIES as readonly string[]).includes(value);
}

/** One partition of a crawl: a provider command in one region (or `global`), in one account. */
export interface Scope {
  /**
   * `<command>@<region code>`, unique within a crawl; `<command>@<account>/<region code>` when the
   * connection spans several accounts (AWS Organizations).
   */
  key: string;
  command: string;
  entity: Entity;
  /** Region label as stored on the connection ("us-east-1 (N. Virginia)"), or "global". */
  region: string;
  /** The provider account of the scope, when the provider splits the connection into accounts. */
  account?: string;
}

/** The ledger key of a scope (also its inventory documents' `crawl_scope`). */
export function scopeKey(command: string, regionCode: string, account?: string): string {
  return account === undefined ? `${command}@${regionCode}` : `${command}@${account}/${regionCode}`;
}

export type ScopeStatus =
  'pending' | 'running' | 'completed' | 'failed' | 'unauthorized' | 'skipped' | 'cancelled';
export type RunStatus = 'running' | 'completed' | 'partial' | 'failed' | 'cancelled';
export type ChangeKind = 'created' | 'updated' | 'deactivated' | 'reactivated';

export interface Counts {
  pages: number;
  items: number;
  created: number;
  updated: number;
  unchanged: number;
  deactivated: number;
  reactivated: number;
  skipped: number;
  /**
   * Resources whose `unique_id` is held by another tenant's document: never overwritten, counted here
   * (store/inventory.ts, activities/insert.ts).
   */
  conflicts: number;
}

export function zeroCounts(): Counts {
  return {
    pages: 0,
    items: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    deactivated: 0,
    reactivated: 0,
    skipped: 0,
    conflicts: 0,
  };
}

const COUNT_KEYS = Object.keys(zeroCounts()) as (keyof Counts)[];

/** `a` plus `b`, counter by counter; any other field of `a` is kept as it is. */
export function addCounts<T extends Counts>(a: T, b: Partial<Counts>): T {
  const out = { ...a };
  for (const k of COUNT_KEYS) out[k] += b[k] ?? 0;
  return out;
}

/**
 * What a normalizer returns: the Maestro fields of one resource. `unique_id` is the provider's stable
 * id; `active` reflects the provider state. The store adds identity and bookkeeping fields.
 */
export interface NormalizedRecord {
  unique_id: string;
  active: boolean;
  /** References to resolve before storing (never stored itself): see `core/links.ts`. */
  [LINKS]?: LinkTokens;
  [field: string]: unknown;
}

/**
 * The side channel on which a pure normalizer hands the translate step the references it found on a
 * resource (spec §6.4: `applications` / `applications_id` tags). A symbol key, so it is never
 * persisted, checksummed or diffed; the translate step resolves it into `applications`.
 */
export const LINKS: unique symbol = Symbol('discovery.links');

export interface LinkTokens {
  /** Application names (exact match), from the `applications` tag. */
  applicationNames: string[];
  /** Application `_id`s, from the `applications_id` tag. */
  applicationIds: string[];
}

/** The connection fields a normalizer may use (spec §6.2 "ctx"). */
export interface MappingContext {
  connectionId: string;
  /** Datacenter name (`connection.dc`). */
  dc: string | undefined;
  dcId: unknown;
  /** Provider label as stored on the connection ("AWS"). */
  provider: string;
  region: string;
  /** The provider account of the scope, when the connection spans several (AWS Organizations). */
  account?: string;
}
