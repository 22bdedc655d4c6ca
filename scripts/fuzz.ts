// `npm run fuzz`: the API under Schemathesis (test/harness/fuzz.ts), then the hostile-input checks;
// prints per-operation counts and, last, `fuzz: N operations, M requests, 0 5xx, 0 schema violations`.
// Options: --examples N (Schemathesis --max-examples, default 1000), --seed N, --phases a,b.
// Run through scripts/fuzz.sh (peers up, schemathesis installed).
import { parseArgs } from 'node:util';
import { testConfig } from '../test/harness/crawl-env.js';
import { fuzzApi, startFuzzTarget, summaryLine, type FuzzResult } from '../test/harness/fuzz.js';

const { values } = parseArgs({
  options: {
    examples: { type: 'string', default: '1000' },
    seed: { type: 'string' },
    phases: { type: 'string' },
    'min-reached': { type: 'string', default: '1000' },
  },
});

function table(r: FuzzResult): string {
  const rows = [...r.counts.entries()].map(
    ([op, c]) =>
      `  ${op.padEnd(52)} ${String(c.requests).padStart(7)} ${String(c.reached).padStart(8)} ${String(c.ok).padStart(6)}`,
  );
  return [
    `  ${'operation'.padEnd(52)} ${'requests'.padStart(7)} ${'reached'.padStart(8)} ${'2xx'.padStart(6)}`,
    ...rows,
  ].join('\n');
}

const KEY = 'f0'.repeat(32);
const SECRET = 'fuzz-planted-secret-4e7a91';
const config = testConfig('fuzz', { DISCOVERY_ENCRYPTION_KEY: KEY });
const target = await startFuzzTarget(config, SECRET);
let failed = false;
try {
  const result = await fuzzApi(
    target,
    {
      maxExamples: Number(values.examples),
      reportDir: '.tmp/fuzz',
      out: (l) => process.stdout.write(l),
      ...(values.seed ? { seed: Number(values.seed) } : {}),
      ...(values.phases ? { phases: values.phases } : {}),
    },
    [SECRET, KEY],
  );
  process.stdout.write(`\n${table(result)}\n`);
  const minReached = Number(values['min-reached']);
  const short = [...result.counts.entries()].filter(([, c]) => c.reached < minReached);
  for (const p of result.passes)
    process.stdout.write(
      `schemathesis as ${p.caller}: exit ${p.exitCode}, ${p.requests} requests, ${p.failures.length} failures\n${p.failures.map((f) => `  ${f}\n`).join('')}`,
    );
  for (const e of result.serverErrors.slice(0, 20)) process.stdout.write(`5xx: ${e}\n`);
  for (const e of result.leaks.slice(0, 20)) process.stdout.write(`leak: ${e}\n`);
  for (const [op, c] of short)
    process.stdout.write(`below ${minReached} reaching the logic: ${op} (${c.reached})\n`);
  failed =
    result.passes.some((p) => p.exitCode !== 0) ||
    result.serverErrors.length > 0 ||
    result.leaks.length > 0 ||
    short.length > 0;
  process.stdout.write(`${summaryLine(result)}\n`);
} finally {
  await target.close();
}
process.exit(failed ? 1 : 0);
