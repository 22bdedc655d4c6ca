// The provider conformance suite: what every provider must do, checked on its own peer over the wire.
// A provider gets it by one call in its test folder (test/<provider>/conformance.test.ts):
//
//   describeConformance({ definition: azureProvider, settings: {...endpoint of the fake}, connection,
//     pageSize: 2, faults: { invalidCredentials: () => fake.inject(...), ... }, secrets: [...],
//     crawl: { task: 'server-list', env: { AZURE_...: fake.url }, seed: (db, config) => seedConnection(...) } })
//
// Checks, per command of every task: every list operation pages (≥ 2 pages at `pageSize`), items map to
// records with no null at any level and no empty field, only the kind's declared fields (plus unique_id and
// active), unique `unique_id`s, checksums stable across two listings of an unchanged account, no secret in
// any record; each injected fault is classified into the typed hierarchy; and, with `crawl`, a crawl
// through Temporal stores documents with no null, and no secret appears in any stored document outside
// `connections`, in the worker's log lines or in the workflow histories.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Db } from 'mongodb';
import { checksumOf } from '../../core/canonical.js';
import { ErrorType, type DiscoveryError } from '../../core/errors.js';
import type { NormalizedRecord } from '../../core/model.js';
import { regionCode } from '../../core/regions.js';
import type { Config } from '../../config/index.js';
import type { ProviderConnection, ProviderDefinition, ProviderRuntime } from '../../providers/types.js';
import { COLLECTIONS } from '../../store/collections.js';
import { startCrawlEnv, testConfig, type CrawlEnv } from './crawl-env.js';

/** A fault the peer can be told to produce: returns a function that removes it again. */
export type FaultInjector = () => Promise<() => Promise<void> | void> | (() => Promise<void> | void);

export interface ConformanceOptions<S, C> {
  definition: ProviderDefinition<S, C>;
  /** The provider's settings pointing at its peer. */
  settings: () => S;
  /** The connection as the crawl hands it to the provider, with credentials the peer accepts. */
  connection: () => ProviderConnection<C>;
  /** Page size for the listings: small enough that every list operation spans at least two pages. */
  pageSize: number;
  /** Where to list a command (default: its first account if the provider has accounts, its first region). */
  scopeOf?: (command: string) => { account?: string; region?: string };
  /** Commands whose peer cannot hold two pages, each with the reason (printed). */
  singlePage?: Readonly<Record<string, string>>;
  /**
   * Fault injectors, by the error type they must be classified as. Each is applied around one listing of
   * `faultCommand` (default: the first command of the first task).
   */
  faults: Partial<
    Record<
      'InvalidCredentials' | 'PermissionDenied' | 'RegionDisabled' | 'Throttled' | 'Transient',
      FaultInjector
    >
  >;
  faultCommand?: string;
  /** Credential values that must never appear in a record, a stored document, a log line or a history. */
  secrets: readonly string[];
  /** An end-to-end crawl through Temporal and the store. */
  crawl?: {
    task: string;
    /** Environment of the test configuration (the provider's settings pointing at the peer). */
    env: Record<string, string>;
    /** Stores the connection (Maestro or /v1 format); returns its id. */
    seed: (db: Db, config: Config) => Promise<string>;
  };
}

const MAX_PAGES = 1000;

/** Paths in `value` holding null or undefined, at any level. */
export function nullPaths(value: unknown, path = ''): string[] {
  if (value === null || value === undefined) return [path || '<root>'];
  if (Array.isArray(value)) return value.flatMap((v, i) => nullPaths(v, `${path}[${i}]`));
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype)
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
      nullPaths(v, path ? `${path}.${k}` : k),
    );
  return [];
}

/**
 * What a record must not hold (providers/kit `compact`): null/undefined anywhere, and fields whose
 * value is absent ("", an empty array or object) — the record leaves such a field out.
 */
export function emptyPaths(record: Record<string, unknown>): string[] {
  const empty = Object.entries(record)
    .filter(
      ([, v]) =>
        v === '' ||
        (Array.isArray(v) && v.length === 0) ||
        (typeof v === 'object' &&
          v !== null &&
          Object.getPrototypeOf(v) === Object.prototype &&
          Object.keys(v).length === 0),
    )
    .map(([k]) => k);
  return [...empty, ...nullPaths(record)];
}

/** The secrets found in `text`. */
function leaked(text: string, secrets: readonly string[]): string[] {
  return secrets.filter((s) => s.length >= 4 && text.includes(s));
}

interface Listing {
  pages: number;
  raw: unknown[];
  records: NormalizedRecord[];
}

export function describeConformance<S, C>(opts: ConformanceOptions<S, C>): void {
  const { definition } = opts;
  const commands = [...new Set(Object.values(definition.tasks).flat())];

  void describe(`provider conformance: ${definition.id}`, () => {
    let runtime: ProviderRuntime<C>;
    let connection: ProviderConnection<C>;
    let accounts: string[] | undefined;
    const listings = new Map<string, Listing>();

    const scopeOf = (command: string): { account?: string; region?: string } => {
      if (opts.scopeOf) return opts.scopeOf(command);
      const per = definition.commands[command]?.per ?? 'region';
      const regions = definition.regions ? definition.regions(connection) : [...connection.regions];
      return {
        ...(accounts?.[0] === undefined ? {} : { account: accounts[0] }),
        ...(per === 'region' && regions[0] !== undefined ? { region: regionCode(regions[0]) } : {}),
      };
    };

    const list = async (command: string, conn: ProviderConnection<C> = connection): Promise<Listing> => {
      const kind = runtime.resources[command];
      assert.ok(kind, `${command}: no implementation in the runtime`);
      const where = scopeOf(command);
      let scoped = conn;
      if (where.account !== undefined && runtime.credentialsFor)
        scoped = { ...conn, credentials: await runtime.credentialsFor(conn, where.account) };
      const out: Listing = { pages: 0, raw: [], records: [] };
      const ctx = {
        connectionId: conn.id,
        dc: conn.dc,
        dcId: conn.dcId,
        provider: conn.provider,
        ...(where.region === undefined ? {} : { region: where.region }),
        ...(where.account === undefined ? {} : { account: where.account }),
      };
      let token: string | undefined;
      do {
        const page = await kind.listPage({
          connection: scoped,
          ...where,
          pageSize: opts.pageSize,
          token,
          signal: AbortSignal.timeout(60_000),
        });
        out.pages += 1;
        out.raw.push(...page.items);
        for (const item of page.items) out.records.push(...kind.normalize(item, ctx));
        assert.ok(
          page.nextToken !== token || page.nextToken === undefined,
          `${command}: the same token twice`,
        );
        token = page.nextToken;
        assert.ok(out.pages <= MAX_PAGES, `${command}: more than ${MAX_PAGES} pages`);
      } while (token !== undefined);
      return out;
    };

    before(async () => {
      runtime = await definition.load({ settings: opts.settings(), httpTimeoutMs: 15_000 });
      connection = opts.connection();
      accounts = runtime.accounts
        ? await runtime.accounts(connection, AbortSignal.timeout(60_000))
        : undefined;
    });
    after(() => runtime?.close?.());

    void test('the definition is complete: every task command declared and implemented, names unique', () => {
      assert.ok(commands.length > 0, 'the provider has no task');
      for (const command of commands) {
        assert.ok(definition.commands[command], `${command}: not in commands`);
        assert.ok(runtime.resources[command], `${command}: no implementation`);
      }
      assert.ok(definition.services.length > 0, 'no Maestro service key');
      const info = definition.catalogue.info as { label?: unknown; data?: unknown };
      assert.equal(typeof info.label, 'string', 'catalogue.info.label');
      assert.ok(Array.isArray(info.data), 'catalogue.info.data');
    });

    for (const command of commands) {
      void test(`${command}: pages, records without empty values, declared fields, unique ids, no secrets`, async () => {
        const listing = await list(command);
        listings.set(command, listing);
        const single = opts.singlePage?.[command];
        if (single === undefined)
          assert.ok(
            listing.pages >= 2,
            `${command}: ${listing.pages} page(s) at page size ${opts.pageSize}; the peer must hold at least two`,
          );
        else
          process.stderr.write(
            `conformance ${definition.id}: ${command} is checked on one page only: ${single}\n`,
          );
        assert.ok(listing.records.length > 0, `${command}: the peer returned no records`);
        const kind = runtime.resources[command]!;
        const declared = new Set([...kind.fields, 'unique_id', 'active']);
        const ids = new Set<string>();
        for (const r of listing.records) {
          assert.equal(typeof r.unique_id, 'string', `${command}: unique_id`);
          assert.ok(r.unique_id !== '', `${command}: empty unique_id`);
          assert.equal(typeof r.active, 'boolean', `${command} ${r.unique_id}: active`);
          assert.deepEqual(emptyPaths({ ...r }), [], `${command} ${r.unique_id}: empty values`);
          const undeclared = Object.keys(r).filter((k) => !declared.has(k));
          assert.deepEqual(undeclared, [], `${command} ${r.unique_id}: fields not in the kind's fields`);
          assert.ok(!ids.has(r.unique_id), `${command}: unique_id ${r.unique_id} twice`);
          ids.add(r.unique_id);
        }
        assert.deepEqual(
          leaked(JSON.stringify(listing.records), opts.secrets),
          [],
          `${command}: secrets in records`,
        );
      });
    }

    void test('checksums are stable across two listings of an unchanged account', async () => {
      for (const command of commands) {
        const first = listings.get(command) ?? (await list(command));
        const second = await list(command);
        const sums = (l: Listing) =>
          Object.fromEntries(l.records.map((r) => [r.unique_id, checksumOf({ ...r })]));
        assert.deepEqual(sums(second), sums(first), `${command}: records changed between two listings`);
      }
    });

    const faultCommand = opts.faultCommand ?? commands[0]!;
    for (const [type, inject] of Object.entries(opts.faults)) {
      void test(`a ${type} fault is classified as ${type}`, async () => {
        const undo = await inject();
        let err: unknown;
        try {
          await list(faultCommand);
        } catch (e) {
          err = e;
        } finally {
          await undo();
        }
        assert.ok(
          err !== undefined,
          `${faultCommand}: the listing succeeded despite the injected ${type} fault`,
        );
        const typed: DiscoveryError = runtime.classifyError(err);
        assert.equal(
          typed.type,
          ErrorType[type as keyof typeof ErrorType],
          `classified ${typed.type}: ${typed.message}`,
        );
        assert.deepEqual(leaked(typed.message, opts.secrets), [], 'secrets in the error message');
      });
    }

    if (opts.crawl) {
      const crawl = opts.crawl;
      void describe('a crawl through Temporal', () => {
        let env: CrawlEnv;
        const logs: string[] = [];
        before(async () => {
          env = await startCrawlEnv(testConfig(`conf-${definition.id}`, crawl.env), [], (line) =>
            logs.push(line),
          );
        });
        after(() => env?.stop());

        void test(`${crawl.task}: stored documents have no empty values; no secret in the store, the logs or the histories`, async () => {
          const connectionId = await crawl.seed(env.db, env.config);
          const result = await env.crawl(connectionId, crawl.task);
          assert.equal(result.status, 'completed', JSON.stringify(result));
          const entities = new Set(
            (definition.tasks[crawl.task] ?? []).map((c) => definition.commands[c]!.entity),
          );
          let stored = 0;
          for (const entity of entities) {
            const docs = await env.db.collection(entity).find({}).toArray();
            stored += docs.length;
            for (const d of docs)
              assert.deepEqual(emptyPaths(d), [], `${entity} ${String(d.unique_id)}: empty values stored`);
          }
          assert.ok(stored > 0, 'the crawl stored nothing');
          for (const name of await env.db.listCollections().toArray()) {
            if (name.name === COLLECTIONS.connections) continue;
            const text = JSON.stringify(await env.db.collection(name.name).find({}).toArray());
            assert.deepEqual(leaked(text, opts.secrets), [], `secrets in collection ${name.name}`);
          }
          assert.deepEqual(leaked(logs.join('\n'), opts.secrets), [], 'secrets in the worker log');
          const histories: string[] = [];
          for await (const exec of env.client.client.workflow.list({
            query: `WorkflowId STARTS_WITH "crawl:${connectionId}"`,
          })) {
            const h = await env.client.client.workflow.getHandle(exec.workflowId, exec.runId).fetchHistory();
            histories.push(
              JSON.stringify(h, (_k, v: unknown) =>
                v instanceof Uint8Array ? Buffer.from(v).toString('utf8') : v,
              ),
            );
          }
          assert.ok(histories.length > 0, 'no workflow history found');
          assert.deepEqual(leaked(histories.join('\n'), opts.secrets), [], 'secrets in a workflow history');
        });
      });
    }
  });
}
