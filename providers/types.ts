import type { DiscoveryError } from '../core/errors.js';
import type { Entity, MappingContext, NormalizedRecord } from '../core/model.js';
import type { ConnectionDoc } from '../store/connections.js';

export interface ListPageInput<C> {
  credentials: C;
  /** Region code ("us-east-1"), or "global" for global services. */
  region: string;
  pageSize: number;
  /** Opaque provider page token; undefined for the first page. */
  token: string | undefined;
  signal: AbortSignal;
}

export interface ListPageResult {
  items: unknown[];
  nextToken: string | undefined;
}

/**
 * One kind of resource of a provider (`providers/aws/resources/ec2-instances.ts`): how to list a page,
 * and a pure mapping of one raw item to Maestro records.
 */
export interface ResourceKind<C = unknown> {
  /** Command id, stable: it names scopes in the ledger (`ec2.describeInstances`). */
  command: string;
  entity: Entity;
  /** Crawled once per connection rather than once per region. */
  global?: boolean;
  /** Fields this kind writes; on update, owned fields no longer produced are removed. */
  fields: readonly string[];
  listPage(input: ListPageInput<C>): Promise<ListPageResult>;
  normalize(raw: unknown, ctx: MappingContext): NormalizedRecord[];
}

export interface Provider<C = unknown> {
  /** Registry id and URL segment ("aws"). */
  id: string;
  /** Display label ("AWS"). */
  label: string;
  /** Maestro `connection.service` values this provider answers to (aliases included). */
  services: readonly string[];
  /** Task name → ordered command ids (spec §3.1). */
  tasks: Readonly<Record<string, readonly string[]>>;
  resources: Readonly<Record<string, ResourceKind<C>>>;
  /** Validates decoded credentials; throws InvalidCredentialsError naming the missing field. */
  parseCredentials(decoded: Record<string, unknown>): C;
  /** Region labels to crawl for a connection. */
  regions(conn: ConnectionDoc): string[];
  /** Maps a provider SDK error to the typed hierarchy. */
  classifyError(err: unknown): DiscoveryError;
  /**
   * Optional: the accounts a connection's credentials reach (e.g. AWS Organizations members), each
   * crawled as its own scopes (`Scope.account`). Undefined result: the connection is one account and
   * its scopes carry no account. Called once at planning.
   */
  accounts?(credentials: C, signal: AbortSignal): Promise<string[] | undefined>;
  /** Optional, with `accounts`: the credentials of one of those accounts (called by the fetch step). */
  credentialsFor?(credentials: C, account: string): Promise<C>;
}
