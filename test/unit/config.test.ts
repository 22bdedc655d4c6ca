// core/config.ts: one schema for every variable, defaults, aliases, validation that lists every bad
// variable at once, and the generated `.env.example` (which must stay in sync with the schema).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { CONFIG_VARS } from '../../core/config.js';
import { allVarSpecs, configTableRows, envExample, loadConfig } from '../../config/index.js';
import { PROVIDERS } from '../../providers/index.js';
import { ConfigError, ErrorType } from '../../core/errors.js';

const ENV_EXAMPLE_PATH = new URL('../../.env.example', import.meta.url);
const REGENERATE =
  "npx tsx -e \"import { writeFileSync } from 'node:fs'; import { envExample } from './core/config.ts'; writeFileSync('.env.example', envExample());\"";

/** Runs loadConfig, which must throw a ConfigError; returns it. */
function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected a ConfigError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected loadConfig to throw a ConfigError');
}

/** The variable names a ConfigError complains about (each problem is "NAME: reason"). */
function namesIn(err: ConfigError): string[] {
  return err.problems.map((p) => p.slice(0, p.indexOf(':'))).sort();
}

void describe('loadConfig: defaults', () => {
  void test('an empty environment yields every default', () => {
    const config = loadConfig({});
    assert.equal(config.mongoUri, 'mongodb://127.0.0.1:27017');
    assert.equal(config.mongoDatabase, 'maestro-client');
    assert.equal(config.temporalAddress, '127.0.0.1:7233');
    assert.equal(config.temporalNamespace, 'default');
    assert.equal(config.taskQueue, 'discovery');
    assert.equal(config.port, 5000);
    assert.equal(config.secretJwt, 'defaultSecretKey');
    assert.equal(config.secretJwtPrivate, 'defaultSecretKeyPrivate');
    assert.equal(config.noauth, 'defaultSecretNoAuthToken');
    assert.equal(config.auditUri, '');
    assert.equal(config.websocketUri, '');
    assert.equal(config.scanPageSize, 200);
    assert.equal(config.batchSize, 1000);
    assert.equal(config.encryptionKey, '');
    assert.equal(config.sweepGuardShare, 0.5);
    assert.equal(config.sweepGuardMin, 5);
    assert.equal(config.stagingTtlSeconds, 604800);
    assert.equal(config.fetchMaxAttempts, 5);
    assert.equal(config.heartbeatTimeoutSeconds, 30);
    assert.equal(config.providers.aws.endpoint, '');
    assert.equal(config.demoMode, false);
    assert.equal(config.apiHost, '0.0.0.0');
    assert.equal(config.apiDocs, true);
    assert.equal(config.apiShutdownGraceSeconds, 10);
    assert.equal(config.temporalCliPath, 'temporal');
    assert.equal(config.logLevel, 'info');
  });

  void test('the result has exactly one key per declared variable, each equal to its default', () => {
    const config = loadConfig({});
    assert.deepEqual(Object.keys(config).sort(), [...Object.keys(CONFIG_VARS), 'providers'].sort());
    for (const [key, spec] of Object.entries(CONFIG_VARS)) {
      assert.deepEqual((config as Record<string, unknown>)[key], spec.default, key);
    }
  });

  void test("each registered provider's settings are loaded under providers.<id>, from its own declarations", () => {
    const config = loadConfig({});
    const byId = config.providers as unknown as Record<string, Record<string, unknown>>;
    assert.deepEqual(Object.keys(byId).sort(), PROVIDERS.map((p) => p.id).sort());
    for (const p of PROVIDERS) {
      const specs = p.settings as Record<string, { default: unknown }>;
      assert.deepEqual(Object.keys(byId[p.id] ?? {}).sort(), Object.keys(specs).sort(), p.id);
      for (const [key, spec] of Object.entries(specs))
        assert.deepEqual(byId[p.id]?.[key], spec.default, `${p.id}.${key}`);
    }
    assert.equal(
      loadConfig({ AWS_ENDPOINT_URL: 'http://127.0.0.1:5000/' }).providers.aws.endpoint,
      'http://127.0.0.1:5000',
    );
  });

  void test('a bad provider variable is reported with the engine ones, all at once', () => {
    const err = configError({ MAESTRO_OWNERIDS: 'someone', MAESTRO_PORT: 'x' });
    assert.deepEqual(namesIn(err), ['MAESTRO_OWNERIDS', 'MAESTRO_PORT']);
  });

  void test('unrelated variables are ignored', () => {
    assert.deepEqual(loadConfig({ PATH: '/usr/bin', HOME: '/root', MAESTRO_UNKNOWN: 'x' }), loadConfig({}));
  });
});

void describe('loadConfig: parsing', () => {
  void test('integers, shares, booleans, URLs and keys are parsed and normalized', () => {
    const config = loadConfig({
      MAESTRO_PORT: ' 8080 ',
      MAESTRO_SCAN_QTD: '50',
      MAESTRO_TRANSLATE_QTD: '10000',
      DISCOVERY_SWEEP_GUARD_SHARE: '0.25',
      DISCOVERY_SWEEP_GUARD_MIN: '0',
      DISCOVERY_DEMO: 'Yes',
      MAESTRO_AUDIT_URI: 'http://audit-app:10900//',
      MAESTRO_WEBSOCKET_URI: 'https://ws.example.com/api',
      DISCOVERY_ENCRYPTION_KEY: 'ABCDEF0123456789'.repeat(4),
      TEMPORAL_ADDRESS: 'temporal:7233',
    });
    assert.equal(config.port, 8080);
    assert.equal(config.scanPageSize, 50);
    assert.equal(config.batchSize, 10000);
    assert.equal(config.sweepGuardShare, 0.25);
    assert.equal(config.sweepGuardMin, 0);
    assert.equal(config.demoMode, true);
    assert.equal(config.auditUri, 'http://audit-app:10900', 'trailing slashes are stripped');
    assert.equal(config.websocketUri, 'https://ws.example.com/api');
    assert.equal(config.encryptionKey, 'abcdef0123456789'.repeat(4), 'the key is lower-cased');
    assert.equal(config.temporalAddress, 'temporal:7233');
  });

  for (const [raw, expected] of [
    ['1', true],
    ['true', true],
    ['ON', true],
    ['0', false],
    ['false', false],
    ['no', false],
    ['off', false],
    ['', false],
  ] as const) {
    void test(`DISCOVERY_DEMO=${JSON.stringify(raw)} is ${expected}`, () => {
      assert.equal(loadConfig({ DISCOVERY_DEMO: raw }).demoMode, expected);
    });
  }

  void test('an empty URL variable disables the integration', () => {
    assert.equal(loadConfig({ MAESTRO_AUDIT_URI: '' }).auditUri, '');
  });
});

void describe('loadConfig: API and CLI variables', () => {
  void test('host, docs switch, shutdown grace, temporal CLI path and log level are read and normalized', () => {
    const config = loadConfig({
      DISCOVERY_API_HOST: ' 127.0.0.1 ',
      DISCOVERY_API_DOCS: 'off',
      DISCOVERY_API_SHUTDOWN_GRACE_SECONDS: '0',
      TEMPORAL_CLI_PATH: '/opt/temporal/bin/temporal',
      LOG_LEVEL: 'WARN',
    });
    assert.equal(config.apiHost, '127.0.0.1');
    assert.equal(config.apiDocs, false);
    assert.equal(config.apiShutdownGraceSeconds, 0);
    assert.equal(config.temporalCliPath, '/opt/temporal/bin/temporal');
    assert.equal(config.logLevel, 'warn');
  });
});

void describe('loadConfig: aliases', () => {
  void test("MAESTRO_MONGO_URI (the original's name) is read when MONGODB_URI is unset", () => {
    assert.equal(
      loadConfig({ MAESTRO_MONGO_URI: 'mongodb://maestro-db:27017' }).mongoUri,
      'mongodb://maestro-db:27017',
    );
  });

  void test('MONGODB_URI wins over its alias when both are set', () => {
    const config = loadConfig({
      MONGODB_URI: 'mongodb://primary:27017',
      MAESTRO_MONGO_URI: 'mongodb://alias:27017',
    });
    assert.equal(config.mongoUri, 'mongodb://primary:27017');
  });
});

void describe('loadConfig: validation', () => {
  void test('every bad variable is listed at once, each by name', () => {
    const err = configError({
      MAESTRO_PORT: '0',
      MAESTRO_SCAN_QTD: 'abc',
      DISCOVERY_ENCRYPTION_KEY: 'short',
      MAESTRO_AUDIT_URI: 'not a url',
      DISCOVERY_SWEEP_GUARD_SHARE: '1.5',
      DISCOVERY_DEMO: 'maybe',
      // valid ones mixed in must not be reported
      TEMPORAL_ADDRESS: 'temporal:7233',
      MAESTRO_TRANSLATE_QTD: '500',
    });
    assert.deepEqual(namesIn(err), [
      'DISCOVERY_DEMO',
      'DISCOVERY_ENCRYPTION_KEY',
      'DISCOVERY_SWEEP_GUARD_SHARE',
      'MAESTRO_AUDIT_URI',
      'MAESTRO_PORT',
      'MAESTRO_SCAN_QTD',
    ]);
    for (const name of namesIn(err))
      assert.match(err.message, new RegExp(`\\b${name}\\b`), `message names ${name}`);
    assert.equal(err.type, ErrorType.Config);
    assert.equal(err.retryable, false);
    assert.deepEqual(err.details, { problems: err.problems });
  });

  void test('each problem says what is wrong', () => {
    const err = configError({
      MAESTRO_PORT: '70000',
      MAESTRO_SCAN_QTD: '1.5',
      DISCOVERY_ENCRYPTION_KEY: 'zz',
    });
    const byName = Object.fromEntries(err.problems.map((p) => [p.slice(0, p.indexOf(':')), p]));
    assert.match(byName.MAESTRO_PORT!, /between 1 and 65535, got 70000/);
    assert.match(byName.MAESTRO_SCAN_QTD!, /must be an integer, got "1\.5"/);
    assert.match(byName.DISCOVERY_ENCRYPTION_KEY!, /64 hexadecimal characters/);
  });

  for (const [name, raw] of [
    ['MAESTRO_PORT', ''],
    ['MAESTRO_PORT', '1e3'],
    ['MAESTRO_PORT', '65536'],
    ['MAESTRO_PORT', '-1'],
    ['MAESTRO_SCAN_QTD', '1001'],
    ['MAESTRO_TRANSLATE_QTD', '10001'],
    ['DISCOVERY_SWEEP_GUARD_MIN', '-1'],
    ['DISCOVERY_STAGING_TTL_SECONDS', '59'],
    ['DISCOVERY_FETCH_MAX_ATTEMPTS', '0'],
    ['DISCOVERY_SCOPE_CONCURRENCY', '65'],
    ['DISCOVERY_HTTP_TIMEOUT_MS', '99'],
    ['DISCOVERY_SWEEP_GUARD_SHARE', '-0.1'],
    ['DISCOVERY_SWEEP_GUARD_SHARE', 'half'],
    ['DISCOVERY_ENCRYPTION_KEY', 'g'.repeat(64)],
    ['DISCOVERY_ENCRYPTION_KEY', 'a'.repeat(63)],
    ['AWS_ENDPOINT_URL', 'http//moto:5000'],
    ['MAESTRO_WEBSOCKET_URI', '/api/publish'],
    ['LOG_LEVEL', 'verbose'],
    ['DISCOVERY_API_DOCS', 'maybe'],
    ['DISCOVERY_API_HOST', ' '],
    ['DISCOVERY_API_SHUTDOWN_GRACE_SECONDS', '601'],
    ['TEMPORAL_CLI_PATH', ''],
  ] as const) {
    void test(`${name}=${JSON.stringify(raw)} is rejected`, () => {
      assert.deepEqual(namesIn(configError({ [name]: raw })), [name]);
    });
  }

  void test('DISCOVERY_SWEEP_GUARD_SHARE="" is rejected like an empty integer (not silently 0)', () => {
    assert.deepEqual(namesIn(configError({ DISCOVERY_SWEEP_GUARD_SHARE: '' })), [
      'DISCOVERY_SWEEP_GUARD_SHARE',
    ]);
  });
});

void describe('schema', () => {
  void test('every variable has a unique upper-case name and a doc line', () => {
    const names = Object.values(CONFIG_VARS).flatMap((spec) => [
      spec.env,
      ...(('aliases' in spec ? spec.aliases : undefined) ?? []),
    ]);
    assert.equal(new Set(names).size, names.length, `duplicate names in ${names.join(', ')}`);
    for (const name of names) assert.match(name, /^[A-Z][A-Z0-9_]*$/);
    for (const spec of Object.values(CONFIG_VARS))
      assert.ok(spec.doc.trim().length > 10, `${spec.env} has a doc`);
  });

  void test('every default is accepted by its own parser', () => {
    for (const spec of Object.values(CONFIG_VARS)) {
      const parse = spec.parse as (raw: string) => unknown;
      assert.deepEqual(parse(String(spec.default)), spec.default, spec.env);
    }
  });
});

void describe('.env.example', () => {
  void test('the file on disk equals envExample() exactly', () => {
    let onDisk: string;
    try {
      onDisk = readFileSync(ENV_EXAMPLE_PATH, 'utf8');
    } catch {
      assert.fail(`.env.example is missing; generate it from the repo root with:\n  ${REGENERATE}`);
    }
    assert.equal(
      onDisk,
      envExample(),
      `.env.example is out of date with core/config.ts; regenerate it from the repo root with:\n  ${REGENERATE}`,
    );
  });

  void test('documents every variable (with its aliases) as a commented NAME=default line', () => {
    const text = envExample();
    for (const { spec } of allVarSpecs()) {
      assert.ok(text.includes(`\n# ${spec.env}=${String(spec.default)}\n`), `${spec.env} line`);
      assert.ok(text.includes(`# ${spec.doc}`), `${spec.env} doc`);
    }
    assert.ok(text.includes('(alias: MAESTRO_MONGO_URI)'));
    assert.ok(text.startsWith('# Generated from core/config.ts'));
    // A provider whose settings are all shared with an earlier one (ansible, terraform) has no section.
    for (const owner of new Set(allVarSpecs().map((v) => v.owner)))
      if (owner !== 'engine') assert.ok(text.includes(`# --- provider ${owner} ---`), owner);
    assert.ok(text.endsWith('\n'));
  });

  void test('sets nothing: every non-empty line is a comment', () => {
    for (const line of envExample().split('\n')) if (line !== '') assert.ok(line.startsWith('# '), line);
  });

  void test('uncommenting every line yields the default configuration', () => {
    const env: NodeJS.ProcessEnv = {};
    for (const line of envExample().split('\n')) {
      const m = /^# ([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
      if (m) env[m[1]!] = m[2]!;
    }
    assert.equal(Object.keys(env).length, allVarSpecs().length);
    assert.deepEqual(loadConfig(env), loadConfig({}));
  });
});

void describe('README configuration table', () => {
  /** The rows between the README's config-table markers, each cell trimmed (prettier pads them). */
  function readmeRows(): string[][] {
    const text = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const from = text.indexOf('<!-- config-table:start -->');
    const to = text.indexOf('<!-- config-table:end -->');
    assert.ok(from >= 0 && to > from, 'README.md has no config-table markers');
    return text
      .slice(from, to)
      .split('\n')
      .filter((l) => l.startsWith('|'))
      .slice(2)
      .map((l) =>
        l
          .slice(1, -1)
          .split(/(?<!\\)\|/)
          .map((c) => c.trim()),
      );
  }

  void test('lists every variable of the schema, with its default and doc, in order (npm run readme:config)', () => {
    const want = configTableRows();
    const got = readmeRows();
    assert.ok(want.length === allVarSpecs().length && want.length > 40);
    assert.deepEqual(
      got.map((r) => r[0]),
      want.map((r) => r[0]),
      'README variables differ from the schema: run `npm run readme:config`',
    );
    assert.deepEqual(
      got,
      want,
      'README defaults or docs differ from the schema: run `npm run readme:config`',
    );
  });
});
