// A bounded `npm run fuzz` (issue #18, item 4) in `npm test`: Schemathesis (PyPI, .peers/fuzz-venv) over
// the OpenAPI document, as a private caller, with every check, a few test cases per operation, the
// stateful phase following the document's links. 0 server errors, 0 responses outside the document, no
// stack trace or secret in a body, and every operation answered by its own logic at least once.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { testConfig } from '../harness/crawl-env.js';
import { fuzzApi, startFuzzTarget, summaryLine, type FuzzTarget } from '../harness/fuzz.js';

const KEY = 'f1'.repeat(32);
const SECRET = 'fuzz-planted-secret-5b1f0c';
let target: FuzzTarget;

before(async () => {
  target = await startFuzzTarget(testConfig('fuzz-layer', { DISCOVERY_ENCRYPTION_KEY: KEY }), SECRET);
});
after(async () => target?.close());

void test('Schemathesis finds no 5xx, no schema violation and no leak; every operation reaches its logic', async () => {
  const result = await fuzzApi(
    target,
    {
      maxExamples: 4,
      phases: 'fuzzing,stateful',
      reportDir: '.tmp/fuzz-layer',
      callers: ['private'],
      maxTime: 60,
      seed: 18,
    },
    [SECRET, KEY],
  );
  process.stdout.write(`${summaryLine(result)}\n`);
  assert.deepEqual(result.serverErrors, []);
  assert.deepEqual(result.schemaViolations, []);
  assert.deepEqual(result.leaks, []);
  assert.deepEqual(
    result.passes.flatMap((p) => p.failures),
    [],
  );
  assert.equal(result.passes[0]?.exitCode, 0);
  assert.ok(result.operations.length >= 30, `${result.operations.length} operations`);
  const unreached = [...result.counts.entries()].filter(([, c]) => c.reached === 0).map(([op]) => op);
  assert.deepEqual(unreached, [], 'operations never answered by their own logic');
});
