// The deployment files (issue #16 items 1-3), checked as far as this machine allows (no Docker engine,
// no cluster): the Dockerfile's shape, docker-compose.yml against the Compose specification's JSON
// schema (vendored in test/fixtures/compose-spec, Apache-2.0), the Kubernetes manifests against the
// Kubernetes API schemas (kubernetes-validate, offline, installed into .peers/ by install-peers.sh) —
// after `kustomize build` when .peers/bin/kustomize is there — and, everywhere, that every variable
// set for Discovery exists in core/config.ts.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, test } from 'node:test';
import { Ajv } from 'ajv';
import { parse, parseAllDocuments } from 'yaml';
import { allVarSpecs, loadConfig } from '../../config/index.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const read = (rel: string): string => readFileSync(join(ROOT, rel), 'utf8');
const run = promisify(execFile);

/** Every name loadConfig reads (names and aliases). */
const CONFIG_NAMES = new Set(allVarSpecs().flatMap(({ spec: v }) => [v.env, ...(v.aliases ?? [])]));
const DEFAULT_WORKER_GRACE = loadConfig({}).workerShutdownGraceSeconds;

// ---------------------------------------------------------------------------------------------------
void describe('Dockerfile and .dockerignore', () => {
  const lines = read('Dockerfile')
    .split('\n')
    .filter((l) => l.trim() && !l.trim().startsWith('#'))
    // Continuation lines joined into their instruction.
    .join('\n')
    .replace(/\\\n\s*/g, ' ')
    .split('\n');
  const instr = lines.map((l) => {
    const [op, ...rest] = l.trim().split(/\s+/);
    return { op: op!.toUpperCase(), args: rest.join(' ') };
  });
  const stages = instr.filter((i) => i.op === 'FROM');
  const finalStart = instr.lastIndexOf(stages[stages.length - 1]!);
  const final = instr.slice(finalStart);

  void test('multi-stage, from Node 20 slim, production dependencies only', () => {
    assert.ok(stages.length >= 2, 'at least a build stage and a runtime stage');
    assert.match(stages[stages.length - 1]!.args, /^node:20[\w.-]*-slim\b/);
    assert.ok(instr.some((i) => i.op === 'RUN' && /\bnpm ci\b.*--omit=dev/.test(i.args)));
    assert.ok(!instr.some((i) => i.op === 'RUN' && /\bnpm (install|i)\b/.test(i.args)), 'npm ci only');
  });

  void test('builds the workflow bundle with the script `npm run bundle` runs, and ships it', () => {
    const pkg = JSON.parse(read('package.json')) as { scripts: Record<string, string> };
    const script = /scripts\/build-workflow-bundle\.ts/.exec(pkg.scripts.bundle ?? '');
    assert.ok(script, 'package.json has a bundle script');
    assert.ok(existsSync(join(ROOT, script[0])));
    const build = instr.find((i) => i.op === 'RUN' && i.args.includes(script[0]));
    assert.ok(build, 'a RUN builds the bundle');
    const out = /build-workflow-bundle\.ts\s+(\S+)/.exec(build.args)?.[1];
    assert.equal(out, loadConfig({}).workflowBundle, 'written where the worker looks by default');
    assert.ok(
      final.some((i) => i.op === 'COPY' && i.args.includes(`/app/${out}`)),
      'the runtime stage has it',
    );
  });

  void test('the runtime stage runs as a non-root user, with `discovery` as its entry point', () => {
    const user = final.filter((i) => i.op === 'USER').pop();
    assert.ok(user, 'a USER in the runtime stage');
    assert.ok(!['root', '0', '0:0'].includes(user.args), `USER ${user.args}`);
    const entry = final.find((i) => i.op === 'ENTRYPOINT');
    assert.deepEqual(JSON.parse(entry!.args), ['node', 'bin/discovery.js']);
    assert.deepEqual(JSON.parse(final.find((i) => i.op === 'CMD')!.args), ['api']);
    for (const env of final.filter((i) => i.op === 'ENV'))
      for (const m of env.args.matchAll(/(\w+)=/g)) {
        if (m[1] === 'NODE_ENV') continue;
        assert.ok(CONFIG_NAMES.has(m[1]!), `ENV ${m[1]} is not a configuration variable`);
      }
  });

  void test('.dockerignore keeps out modules, peers, git and secrets, and nothing the image runs', () => {
    const patterns = read('.dockerignore')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#') && !l.startsWith('!'));
    for (const must of ['node_modules', '.peers', '.git', '.env', 'dist'])
      assert.ok(patterns.includes(must), `.dockerignore lacks ${must}`);
    const needed = [
      'bin',
      'cli',
      'core',
      'worker',
      'workflows',
      'activities',
      'api',
      'providers',
      'services',
      'store',
      'temporal',
      'observability',
      'scripts',
      'package.json',
      'package-lock.json',
    ];
    for (const n of needed) {
      assert.ok(existsSync(join(ROOT, n)), `${n} exists`);
      assert.ok(!patterns.includes(n), `.dockerignore excludes ${n}, which the image runs`);
    }
  });
});

// ---------------------------------------------------------------------------------------------------
interface ComposeService {
  image?: string;
  build?: unknown;
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: unknown };
  volumes?: string[];
  stop_grace_period?: string;
  profiles?: string[];
}
interface Compose {
  services: Record<string, ComposeService>;
}

function composeValidator() {
  const schema = JSON.parse(read('test/fixtures/compose-spec/compose-spec.json')) as Record<string, unknown>;
  // Draft-07, named by its https URI, which ajv (draft-07 by default) knows under http.
  delete schema.$schema;
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  return ajv.compile(schema);
}

void describe('docker-compose.yml', () => {
  const text = read('docker-compose.yml');
  const compose = parse(text, { merge: true }) as Compose;
  const validate = composeValidator();

  void test('is valid against the Compose specification schema (which rejects a broken file)', () => {
    assert.ok(validate(compose), JSON.stringify(validate.errors, null, 2));
    const broken = parse(text, { merge: true }) as Compose;
    (broken.services.api as Record<string, unknown>).depends_on = { mongodb: { condition: 'when_ready' } };
    (broken.services.worker as Record<string, unknown>).restart_policy = 'always';
    assert.equal(validate(broken), false, 'the schema catches a bad condition and an unknown key');
  });

  void test('production topology: Temporal set up without auto-setup, MongoDB replica set, API + worker', () => {
    const s = compose.services;
    for (const name of ['postgresql', 'temporal', 'temporal-ui', 'mongodb', 'api', 'worker'])
      assert.ok(s[name], `service ${name}`);
    assert.ok(!text.includes('auto-setup'), 'the deprecated auto-setup image is not used');
    assert.match(s.temporal!.image!, /^temporalio\/server:/);
    const setup = Object.values(s).filter((x) => /^temporalio\/admin-tools:/.test(x.image ?? ''));
    assert.ok(setup.length >= 1, 'admin-tools sets up the schema');
    assert.equal(s.temporal!.depends_on?.['temporal-schema']?.condition, 'service_completed_successfully');
    assert.match(JSON.stringify(s.mongodb), /--replSet/);
    assert.match(s.api!.environment!.MONGODB_URI!, /replicaSet=rs0/);
    assert.deepEqual(s.centrifugo?.profiles, ['websocket'], 'Centrifugo is optional');
  });

  void test('health checks and depends_on conditions tie the start order', () => {
    const s = compose.services;
    for (const name of ['mongodb', 'postgresql', 'temporal', 'api', 'worker'])
      assert.ok(s[name]!.healthcheck, `${name} has a health check`);
    for (const [name, svc] of Object.entries(s))
      for (const [dep, { condition }] of Object.entries(svc.depends_on ?? {})) {
        assert.ok(s[dep], `${name} depends on unknown ${dep}`);
        if (condition === 'service_healthy')
          assert.ok(s[dep].healthcheck, `${name} waits for ${dep}'s health`);
      }
    for (const name of ['api', 'worker']) {
      assert.equal(s[name]!.depends_on?.mongodb?.condition, 'service_healthy');
      assert.equal(s[name]!.depends_on?.temporal?.condition, 'service_healthy');
    }
    const grace = Number(/^(\d+)s$/.exec(s.worker!.stop_grace_period ?? '')?.[1]);
    assert.ok(grace > DEFAULT_WORKER_GRACE, `worker stop_grace_period ${grace}s > ${DEFAULT_WORKER_GRACE}s`);
  });

  void test("every variable set for Discovery's services is a configuration variable; secrets come from the env file", () => {
    for (const name of ['api', 'worker']) {
      const svc = compose.services[name] as ComposeService & { env_file?: unknown; command?: string[] };
      assert.ok(svc.build !== undefined && svc.image, `${name} is built from the Dockerfile`);
      for (const key of Object.keys(svc.environment ?? {}))
        assert.ok(CONFIG_NAMES.has(key), `${name}: ${key} is not in core/config.ts`);
      for (const secret of ['MAESTRO_SECRETJWT', 'MAESTRO_SECRETJWT_PRIVATE', 'MAESTRO_NOAUTH'])
        assert.ok(!(secret in (svc.environment ?? {})), `${name}: ${secret} is written in the file`);
      assert.deepEqual(svc.env_file, [{ path: '.env', required: true }]);
      assert.deepEqual(svc.command, [name]);
    }
  });

  void test('the files it mounts exist', () => {
    for (const svc of Object.values(compose.services))
      for (const v of svc.volumes ?? []) {
        const src = v.split(':')[0]!;
        if (src.startsWith('./')) assert.ok(existsSync(join(ROOT, src)), `${src} exists`);
      }
    const dyn = compose.services.temporal!.environment!.DYNAMIC_CONFIG_FILE_PATH!;
    assert.ok(existsSync(join(ROOT, 'temporal/dynamicconfig', dyn.replace('config/dynamicconfig/', ''))));
  });
});

// ---------------------------------------------------------------------------------------------------
const K8S = 'deploy/kubernetes';
const KV = join(ROOT, '.peers/k8s-venv/bin/kubernetes-validate');
const KUSTOMIZE = join(ROOT, '.peers/bin/kustomize');

interface K8sDoc {
  kind: string;
  metadata: { name: string };
  data?: Record<string, string>;
  spec?: Record<string, unknown>;
}

/** kubernetes-validate --strict on a file; resolves to its output, rejects with it on failure. */
async function kubeValidate(file: string): Promise<string> {
  try {
    const r = await run(KV, ['--strict', '--no-warn', file]);
    return r.stdout + r.stderr;
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    throw new Error(`kubernetes-validate ${file}:\n${e.stdout ?? ''}${e.stderr ?? ''}`);
  }
}

async function renderedManifests(dir: string): Promise<{ file: string; docs: K8sDoc[]; how: string }> {
  if (existsSync(KUSTOMIZE)) {
    const r = await run(KUSTOMIZE, ['build', join(ROOT, K8S, 'overlays/example')]);
    const file = join(dir, 'example.yaml');
    writeFileSync(file, r.stdout);
    return { file, docs: parseAllDocuments(r.stdout).map((d) => d.toJS() as K8sDoc), how: 'kustomize build' };
  }
  // Without kustomize: the base's resources as they are (an overlay only renames and patches them).
  const base = join(ROOT, K8S, 'base');
  const kust = parse(readFileSync(join(base, 'kustomization.yaml'), 'utf8')) as { resources: string[] };
  const text = kust.resources.map((f) => readFileSync(join(base, f), 'utf8')).join('\n---\n');
  const file = join(dir, 'base.yaml');
  writeFileSync(file, text);
  return { file, docs: parseAllDocuments(text).map((d) => d.toJS() as K8sDoc), how: 'base files' };
}

void describe('Kubernetes manifests (deploy/kubernetes)', () => {
  void test('validate against the Kubernetes API schemas, strictly (which reject a broken manifest)', async (t) => {
    assert.ok(existsSync(KV), `${KV} missing: run scripts/install-peers.sh`);
    const dir = mkdtempSync(join(tmpdir(), 'discovery-k8s-'));
    try {
      const { file, docs, how } = await renderedManifests(dir);
      t.diagnostic(`validated: ${how}, ${docs.length} resources`);
      await kubeValidate(file);
      const kinds = docs.map((d) => `${d.kind}/${d.metadata.name}`).sort();
      for (const k of [
        'Deployment/discovery-api',
        'Deployment/discovery-worker',
        'Service/discovery-api',
        'ConfigMap/discovery-config',
        'HorizontalPodAutoscaler/discovery-worker',
      ])
        assert.ok(kinds.includes(k), `${k} in ${kinds.join(', ')}`);
      if (how === 'kustomize build') assert.ok(kinds.includes('Secret/discovery-secrets'));
      // Control: the same validator refuses a misspelt field.
      const bad = join(dir, 'bad.yaml');
      writeFileSync(
        bad,
        read(`${K8S}/base/worker-deployment.yaml`).replace(
          'terminationGracePeriodSeconds',
          'terminationGracePeriod',
        ),
      );
      await assert.rejects(kubeValidate(bad), /terminationGracePeriod/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  const docs = readdirSync(join(ROOT, K8S, 'base'))
    .filter((f) => f !== 'kustomization.yaml')
    .flatMap((f) => parseAllDocuments(read(`${K8S}/base/${f}`)).map((d) => d.toJS() as K8sDoc));
  const byName = (kind: string, name: string) =>
    docs.find((d) => d.kind === kind && d.metadata.name === name)!;
  const config = byName('ConfigMap', 'discovery-config').data!;
  type Pod = {
    terminationGracePeriodSeconds: number;
    containers: Array<Record<string, { httpGet?: { path: string } }> & { args: string[] }>;
  };
  const pod = (name: string) =>
    (byName('Deployment', name).spec as { template: { spec: Pod } }).template.spec;

  void test('probes on /health and /ready; termination grace longer than the shutdown grace', () => {
    for (const name of ['discovery-api', 'discovery-worker']) {
      const c = pod(name).containers[0]!;
      assert.equal(c.livenessProbe?.httpGet?.path, '/health', `${name} liveness`);
      assert.equal(c.readinessProbe?.httpGet?.path, '/ready', `${name} readiness`);
    }
    assert.ok(
      pod('discovery-worker').terminationGracePeriodSeconds > Number(config.DISCOVERY_SHUTDOWN_GRACE_SECONDS),
    );
    assert.ok(
      pod('discovery-api').terminationGracePeriodSeconds >
        Number(config.DISCOVERY_API_SHUTDOWN_GRACE_SECONDS),
    );
    assert.deepEqual(pod('discovery-worker').containers[0]!.args, ['worker']);
    assert.deepEqual(pod('discovery-api').containers[0]!.args, ['api']);
  });

  void test('every configured variable (ConfigMap, overlay, example secrets) is a configuration variable', () => {
    const keys = Object.keys(config);
    const overlay = parse(read(`${K8S}/overlays/example/kustomization.yaml`)) as {
      configMapGenerator: Array<{ literals: string[] }>;
    };
    keys.push(...overlay.configMapGenerator.flatMap((g) => g.literals.map((l) => l.split('=')[0]!)));
    keys.push(
      ...read(`${K8S}/overlays/example/secrets.env`)
        .split('\n')
        .filter((l) => /^\w+=/.test(l))
        .map((l) => l.split('=')[0]!),
    );
    for (const k of keys) assert.ok(CONFIG_NAMES.has(k), `${k} is not in core/config.ts`);
    // What the ConfigMap sets parses.
    loadConfig(config);
  });
});
