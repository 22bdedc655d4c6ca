#!/usr/bin/env bash
# `npm run fuzz` (issue #18, item 4): the hostile-input tests, then Schemathesis over the API's OpenAPI
# document as a private caller, a user and nobody (scripts/fuzz.ts; options: --examples N, --seed N,
# --phases a,b, --min-reached N). Last line: `fuzz: N operations, M requests, 0 5xx, 0 schema violations`.
# Reports (HAR, JUnit per caller) in .tmp/fuzz/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PEERS_FOR=fuzz bash scripts/ensure-setup.sh
mkdir -p .tmp
args=$(printf ' %q' "$@")
exec node --import tsx scripts/with-peers.ts -- bash -c "
  node --import tsx --test --test-force-exit --test-reporter=spec test/api/hostile-input.test.ts &&
  node --import tsx scripts/fuzz.ts$args"
