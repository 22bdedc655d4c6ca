#!/usr/bin/env bash
# `npm run fuzz` (issue #18, items 4 and 6): the hostile-input and secrets tests, then Schemathesis over
# the API's OpenAPI document as a private caller, a user and nobody (scripts/fuzz.ts; options:
# --examples N, --seed N, --phases a,b, --min-reached N). The peers run with PEERS_ECHO=1 and the whole
# output (theirs included) is kept in .tmp/fuzz/run.log, then searched for the planted secrets.
# Last line: `fuzz: N operations, M requests, 0 5xx, 0 schema violations`. Reports in .tmp/fuzz/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PEERS_FOR=fuzz bash scripts/ensure-setup.sh
mkdir -p .tmp/fuzz
log=.tmp/fuzz/run.log
args=$(printf ' %q' "$@")
status=0
PEERS_ECHO=1 node --import tsx scripts/with-peers.ts -- bash -c "
  node --import tsx --test --test-force-exit --test-reporter=spec test/api/hostile-input.test.ts test/fuzz/secrets.test.ts &&
  node --import tsx scripts/fuzz.ts$args" 2>&1 | tee "$log" || status=$?

# The strings test/fuzz/secrets.test.ts and scripts/fuzz.ts plant (cloud secrets, encryption keys).
planted='PLANTED-cloud-secret-|fuzz-planted-secret-|5ec7e75ec7e70018|(f0){32}'
peer_lines=$(grep -cE '^\[[a-z0-9-]+\] ' "$log" || true)
leaks=$(grep -cE "$planted" "$log" || true)
echo "peers' output and every log line of the run: $(wc -l <"$log") lines ($peer_lines from the peers), $leaks with a planted secret"
[[ "$leaks" == 0 ]] || status=1
grep -E '^fuzz: ' "$log" | tail -n 1 || true
exit "$status"
