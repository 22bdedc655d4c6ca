// `npm run build` (and the image's build stage): compiles the `discovery` command (cli/main.ts: api,
// worker, …) to JavaScript in dist/, so a process runs without tsx's loader (its hooks thread and
// transform cache: ~60 MB of a worker's idle RSS, see README "Benchmark"). bin/discovery.js runs the
// build when DISCOVERY_CLI_BUILD names it (the image sets it), the TypeScript sources otherwise.
//   node --import tsx scripts/build-cli.ts [outdir]       default dist/
// The output sits one directory below the repository, as the sources do, so paths the code derives from
// `import.meta.url` (../package.json) stay right. Packages stay external, and code splitting keeps the
// providers' `load()` imports lazy: a provider's SDK is loaded when a crawl first needs it.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('..', import.meta.url));

/** Compiles `entry` (relative to the repository) into `outdir` as `<name>.js` plus shared chunks. */
export async function buildEntry(entry: string, outdir: string, name: string): Promise<void> {
  await build({
    absWorkingDir: REPO,
    entryPoints: { [name]: entry },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'warning',
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const outdir = process.argv[2] ?? 'dist';
  await buildEntry('cli/main.ts', outdir, 'discovery-cli');
  console.log(`discovery: compiled cli/main.ts → ${outdir}/discovery-cli.js`);
}
