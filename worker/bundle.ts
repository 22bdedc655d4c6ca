import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import {
  bundleWorkflowCode,
  type WorkflowBundle,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';

/**
 * The workflow bundle, built once ahead of time (`npm run bundle`, the image's build stage) so a worker
 * starts without webpack: no bundling CPU and memory at start, and no bundle report in the log. A
 * worker uses the prebuilt file when it is there and not older than any of the sources it was built
 * from (the module ids webpack wrote into it, plus package-lock.json); otherwise it bundles in memory,
 * quietly, as before.
 */
export const REPO_DIR = fileURLToPath(new URL('..', import.meta.url));
export const WORKFLOWS_PATH = join(REPO_DIR, 'workflows/index.ts');
export const BUNDLE_PATH = join(REPO_DIR, 'dist/workflow-bundle.js');
const OTEL_WORKFLOW_INTERCEPTORS = createRequire(import.meta.url).resolve(
  '@temporalio/interceptors-opentelemetry/lib/workflow-interceptors',
);

const quietBundlerLogger = {
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (m: string) => console.warn(m),
  error: (m: string) => console.error(m),
  log: () => undefined,
};

/** DISCOVERY_WORKFLOW_BUNDLE as a path (relative ones from the repository). */
export function bundlePath(configured: string): string {
  return resolve(REPO_DIR, configured);
}

/** Bundles the workflow code (webpack), without its report. */
export function bundleWorkflows(): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    // OpenTelemetry's workflow interceptors are always in the bundle (a prebuilt bundle serves workers
    // with tracing on or off); with tracing off their spans go to a no-op sink (worker/create-worker.ts).
    workflowInterceptorModules: [OTEL_WORKFLOW_INTERCEPTORS],
    logger: quietBundlerLogger,
  });
}

/**
 * Builds the bundle and writes it to `path` (default dist/workflow-bundle.js). For a script: it moves
 * the process to the repo, since webpack names modules relative to the working directory and the
 * freshness check reads those names as repo paths.
 */
export async function writeWorkflowBundle(
  path = BUNDLE_PATH,
): Promise<{ path: string; bytes: number; sources: string[] }> {
  process.chdir(REPO_DIR);
  const { code } = await bundleWorkflows();
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, code);
  return { path, bytes: Buffer.byteLength(code), sources: bundleSources(code) };
}

/** The repo files a bundle was built from (webpack's module ids "./workflows/index.ts"). */
export function bundleSources(code: string): string[] {
  const ids = new Set<string>();
  for (const m of code.matchAll(/"\.\/((?:[\w.-]+\/)*[\w.-]+\.ts)"/g)) ids.add(m[1]!);
  return [...ids].sort();
}

/** Why a prebuilt bundle at `path` cannot be used, or undefined when it can. */
export function staleReason(path = BUNDLE_PATH): string | undefined {
  if (!existsSync(path)) return `no prebuilt bundle at ${path}`;
  const built = statSync(path).mtimeMs;
  const code = readFileSync(path, 'utf8');
  const sources = bundleSources(code);
  if (!sources.includes('workflows/index.ts')) return `${path} is not a workflow bundle of this repo`;
  for (const rel of [...sources, 'package-lock.json']) {
    const file = join(REPO_DIR, rel);
    if (!existsSync(file)) {
      if (rel === 'package-lock.json') continue;
      return `${rel} (bundled) no longer exists`;
    }
    if (statSync(file).mtimeMs > built) return `${rel} is newer than ${path}`;
  }
  return undefined;
}

/** The prebuilt bundle when it is usable, else a fresh in-memory one. */
export async function loadWorkflowBundle(
  path = BUNDLE_PATH,
): Promise<{ bundle: WorkflowBundle; prebuilt: boolean; reason?: string }> {
  const reason = staleReason(path);
  if (reason === undefined) return { bundle: { code: readFileSync(path, 'utf8') }, prebuilt: true };
  return { bundle: await bundleWorkflows(), prebuilt: false, reason };
}
