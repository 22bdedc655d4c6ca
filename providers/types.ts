/**
 * The provider seam: what a provider folder (`providers/<id>/`) gives the crawl engine and the API.
 *
 * A provider is two values:
 * - its **definition** (`providers/<id>/index.ts`): names, settings, tasks and commands, the Maestro
 *   catalogue, credential parsing — plain data and pure functions, cheap to import, what the API and the
 *   planner need;
 * - its **runtime**, returned by `definition.load()`, which imports the SDK code on first use (so an idle
 *   worker does not hold every provider's SDK): the resource kinds (list a page + normalize), error
 *   classification and the account hooks.
 * `providers/index.ts` lists the definitions; nothing outside `providers/` names a provider.
 * The guide for adding one is in docs/architecture.md ("Adding a provider").
 */
import type { VarSpec } from '../core/config.js';
import type { DiscoveryError } from '../core/errors.js';
import type { Entity, MappingContext, NormalizedRecord } from '../core/model.js';

/** A provider's own environment variables, keyed by setting name (the loaded values form `S`). */
export type SettingSpecs<S> = { readonly [K in keyof S]: VarSpec<S[K]> };

/**
 * The connection as a provider sees it: no MongoDB document, no Maestro field names. `credentials` are
 * decoded and parsed (`parseCredentials`); in a scope of an account (`Scope.account`), they are that
 * account's (`credentialsFor`).
 */
export interface ProviderConnection<C = unknown> {
  id: string;
  /** Provider label as stored on the connection ("AWS"), written into `datacenters.provider`. */
  provider: string;
  service: string;
  /** Datacenter name and id (`connection.dc`, `connection.dc_id`). */
  dc?: string;
  dcId?: unknown;
  /** Region labels as stored ("us-east-1 (N. Virginia)"); `["all"]` for region-less providers. */
  regions: readonly string[];
  /** Every other field of the connection (OpenStack's `url`, `project`, `user_domain_id`, ...). */
  options: Readonly<Record<string, unknown>>;
  credentials: C;
}

/**
 * Maestro's recipe labels of one command (the original's `permission.json` entry, spec §3), served by
 * `GET /available/rules/:provider` and `GET /crawler/:provider`. Unset fields take the defaults in
 * `services/catalogue.ts` (`access`/`command` from the command id, `key_comparer: unique_id`, ...).
 */
export interface CommandRecipe {
  access: string;
  command: string;
  family: string;
  provider: string;
  result_path: string;
  single_result_path: string;
  key_comparer: string;
  hooks: ReadonlyArray<Record<string, unknown>>;
  vars: ReadonlyArray<{ name: string; env?: string; default?: unknown; type?: string }>;
  conf: Readonly<Record<string, unknown>>;
  init_job: boolean;
}

/** One command of a provider: what it writes and along which axis it is planned. */
export interface CommandSpec {
  entity: Entity;
  /**
   * `region` (default): one scope per region of the connection (per account). `account`: one scope per
   * account — a subscription, a project, an organization member — or per connection when the provider
   * has no accounts (a DigitalOcean token, a file source, AWS's global services).
   */
  per?: 'region' | 'account';
  recipe?: Partial<CommandRecipe>;
}

/** Maestro's `info.json` of a provider, in client-app's exact shape (spec §2.3); see services/catalogue.ts. */
export interface ProviderCatalogue {
  /** `info.json` as client-app reads it: `{icon, label, method, dc, data: [{label, service, template}]}`. */
  info: Readonly<Record<string, unknown>>;
  /** Region labels offered when a connection is created ("us-east-1 (N. Virginia)"). */
  regions?: readonly string[];
  /** Credential fields for the /v1 API (`name`, `secret`, `optional`), in the form's order. */
  credentialFields: readonly CredentialField[];
}

/** One field of a provider's credentials (the /v1 form; `info.json`'s `conn` for Maestro's). */
export interface CredentialField {
  /** Key in the decoded credentials ("access"). */
  name: string;
  label: string;
  /** Never echoed back: shown as a password input. */
  secret?: boolean;
  optional?: boolean;
}

/** What `load()` gets: the provider's settings and the engine's shared outbound settings. */
export interface ProviderContext<S> {
  settings: S;
  /** DISCOVERY_HTTP_TIMEOUT_MS: every outbound call's timeout. */
  httpTimeoutMs: number;
  /**
   * Maestro's private service token (spec §2.1: MAESTRO_SECRETJWT_PRIVATE, MAESTRO_NOAUTH), for a
   * provider that calls Maestro's own services (the file sources' upload transport calls server-app).
   */
  maestroToken?: () => Promise<string>;
}

export interface ProviderDefinition<S = unknown, C = unknown> {
  /** Registry id and URL segment ("aws"). */
  id: string;
  /** Display label ("AWS"); also `connection.provider` as client-app writes it. */
  label: string;
  /** Maestro `connection.service` values and aliases this provider answers to ("iam_aws"). */
  services: readonly string[];
  /** This provider's environment variables: gathered into the config schema and `.env.example`. */
  settings: SettingSpecs<S>;
  /** Task name → ordered command ids (spec §3.1). */
  tasks: Readonly<Record<string, readonly string[]>>;
  /** Command id → entity, plan axis and recipe labels. Every command of `tasks` is here. */
  commands: Readonly<Record<string, CommandSpec>>;
  catalogue: ProviderCatalogue;
  /**
   * Default crawl interval per task in seconds, where it differs from Maestro's schedule
   * (services/schedule-defaults.ts, spec §3.3) or the task is not in it; 0: not scheduled by default.
   */
  schedules?: Readonly<Record<string, number>>;
  /**
   * Validates decoded credentials (Maestro's `conn` JWT payload, or /v1's decrypted object) into the
   * provider's type; throws InvalidCredentialsError or BadRequestError naming the bad field. Pure.
   */
  parseCredentials(decoded: Record<string, unknown>): C;
  /**
   * Region labels to plan `per: 'region'` commands over; default: the connection's regions. Called
   * before the credentials are decoded (a run with bad credentials is still recorded), so without them.
   */
  regions?(conn: Omit<ProviderConnection<C>, 'credentials'>): string[];
  /** Imports the SDK-using code (dynamic `import()`); called once per process, on first use. */
  load(ctx: ProviderContext<S>): Promise<ProviderRuntime<C>>;
}

export interface ProviderRuntime<C = unknown> {
  /** Command id → its implementation; one for every command of the definition. */
  resources: Readonly<Record<string, ResourceKind<C>>>;
  /** Maps a provider SDK error to the typed hierarchy (core/errors.ts). */
  classifyError(err: unknown): DiscoveryError;
  /**
   * The accounts the credentials reach (AWS Organizations members, Azure subscriptions, GCP projects),
   * each planned as its own scopes (`Scope.account`). Undefined: the connection is one account.
   */
  accounts?(conn: ProviderConnection<C>, signal: AbortSignal): Promise<string[] | undefined>;
  /** With `accounts`: the credentials to use in one account's scopes (called by the fetch step). */
  credentialsFor?(conn: ProviderConnection<C>, account: string): Promise<C>;
  /**
   * Checks that the provider accepts the credentials (the API's "test credentials"); throws the typed
   * error otherwise. Without it, the API lists one small page of the provider's first command.
   */
  verifyCredentials?(conn: ProviderConnection<C>, signal: AbortSignal): Promise<void>;
  /**
   * The provider account these credentials act in (an AWS account id...), shared by every connection
   * to it: its rate budget (worker/budget.ts) is counted under this key. Without it, calls are not
   * budgeted.
   */
  budgetKey?(credentials: C): string;
  /** With `budgetKey`: the default budget of one account (docs/operations.md); DISCOVERY_BUDGET_* override it. */
  budgetDefaults?: { requestsPerSecond: number; concurrency: number };
  /** Releases clients and sockets (tests, shutdown). */
  close?(): void;
}

/** A loaded provider: its definition and its runtime in one value. */
export type Provider<C = unknown> = ProviderDefinition<unknown, C> & ProviderRuntime<C>;

export interface ListPageInput<C> {
  /** The connection, with the credentials of the scope's account. */
  connection: ProviderConnection<C>;
  /** The scope's account, for `accounts` providers. */
  account?: string;
  /** The scope's region code ("us-east-1"); undefined for `per: 'account'` commands. */
  region?: string;
  pageSize: number;
  /** Opaque provider page token from the previous page; undefined for the first page. */
  token: string | undefined;
  signal: AbortSignal;
}

export interface ListPageResult {
  items: unknown[];
  /** The next page's token; undefined when the listing is complete. Heartbeated: a retry resumes here. */
  nextToken: string | undefined;
}

/**
 * The implementation of one command (`providers/aws/resources/ec2-instances.ts`): how to list one page,
 * and a pure mapping of one raw item to Maestro records.
 */
export interface ResourceKind<C = unknown> {
  /** Fields this kind writes; on update, owned fields no longer produced are removed. */
  fields: readonly string[];
  listPage(input: ListPageInput<C>): Promise<ListPageResult>;
  normalize(raw: unknown, ctx: MappingContext): NormalizedRecord[];
  /**
   * The `unique_id`s Maestro's original discovery-api gave this resource, when Discovery's differs
   * (docs/aws.md): a document stored under one of them is adopted and re-keyed by the audit step.
   */
  legacyUniqueIds?(record: NormalizedRecord): string[];
}

/**
 * Declares a provider (`export const awsProvider = defineProvider({...})`): checks the definition against
 * the seam and keeps its id as a literal type, so `Config.providers.<id>` is typed.
 */
export function defineProvider<const Id extends string, S, C>(
  definition: ProviderDefinition<S, C> & { id: Id },
): ProviderDefinition<S, C> & { id: Id } {
  return definition;
}
