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

/** One field of a provider's credential form (Maestro's info.json `template.conn`, spec §2.3). */
export interface CredentialField {
  /** Key in the decoded credentials ("access"). */
  name: string;
  label: string;
  /** Never echoed back: shown as a password input. */
  secret?: boolean;
  optional?: boolean;
}

/**
 * What the API shows about a provider (`GET /available/...`, `GET /crawler/:provider`, /v1 catalogue).
 * Optional: a provider without it is listed with what `tasks` and `resources` tell.
 */
export interface ProviderCatalogue {
  /** Icon file name used by Maestro's UI ("aws.png"). */
  icon?: string;
  /** Connection methods shown by the UI (info.json `method`). */
  method?: string[];
  /** One paragraph shown above the credential form. */
  intro?: string;
  credentialFields: CredentialField[];
  /** Region labels offered when a connection is created ("us-east-1 (N. Virginia)"). */
  regions?: string[];
  /** Per command id: Maestro's recipe labels (permission.json `family`, `provider`, `key_comparer`). */
  commandLabels?: Readonly<Record<string, { family?: string; provider?: string; keyComparer?: string }>>;
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
  /** Catalogue for the API (labels, credential form); see ProviderCatalogue. */
  catalogue?: ProviderCatalogue;
  /**
   * Checks that credentials are accepted by the provider (the API's "test credentials"); throws the
   * typed error otherwise. Without it, the API lists one small page of the provider's first task.
   */
  verifyCredentials?(credentials: C, region: string, signal: AbortSignal): Promise<void>;
  /**
   * Optional: the provider account these credentials act in (an AWS account id...), shared by every
   * connection to it: its rate budget (worker/budget.ts) is counted under this key. Without it, calls
   * are not budgeted.
   */
  budgetKey?(credentials: C): string;
}
