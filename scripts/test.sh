#!/usr/bin/env bash
# `npm test`: every test layer against the real peers (architecture §8).
# Extra arguments are test layers (default: all), e.g. `npm test -- store aws`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PEERS_FOR="${*:-all}" bash scripts/ensure-setup.sh

mapfile -t files < <(bash scripts/test-files.sh "${@:-all}")
if [[ ${#files[@]} -eq 0 ]]; then
  echo "test.sh: no test files found for: ${*:-all}" >&2
  exit 1
fi

mkdir -p .tmp
# spec to stdout (its closing lines: "ℹ tests N", "ℹ pass N", "ℹ fail N"), TAP to a file for tools.
# --test-force-exit: a file whose tests are done exits even if it left a handle open (a client, a
# worker); without it Node 20 waits for the file's timeout (10 min here) and reports it cancelled.
exec node --import tsx scripts/with-peers.ts -- \
  node --import tsx --test --test-concurrency=1 --test-timeout=600000 --test-force-exit \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination=.tmp/test-results.tap \
  "${files[@]}"
