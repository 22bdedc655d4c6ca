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

/**
 * One partition of a crawl: a provider command in one account (a subscription, a project, an
 * organization member — or the connection itself) and, for `per: 'region'` commands, one region.
 */
export interface Scope {
  /** Unique within a crawl (see `scopeKey`); also the inventory documents' `crawl_scope`. */
  key: string;
  command: string;
  entity: Entity;
  /** Region label as stored on the connection ("us-east-1 (N. Virginia)"); absent for account-wide commands. */
  region?: string;
  /** The provider account of the scope, when the provider splits the connection into accounts. */
  account?: string;
}

/**
 * `<command>@[<account>/]<region code>`; account-wide scopes are spelled with the region `global` (the
 * spelling AWS's global services had before the plan axis existed, kept so stored trackers still match).
 */
export function scopeKey(command: string, regionCode: string | undefined, account?: string): string {
  const where = regionCode ?? 'global';
  return account === undefined ? `${command}@${where}` : `${command}@${account}/${where}`;
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
  /** The scope's region label; undefined for account-wide commands. */
  region?: string;
  /** The provider account of the scope, when the connection spans several (AWS Organizations). */
  account?: string;
}
