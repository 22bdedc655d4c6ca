#!/usr/bin/env bash
# Prints the test files of the given layers, one per line, sorted (Node 20's `node --test` does not
# expand globs itself). Layers: unit activity replay store aws api cli workflow e2e all.
#   all = every *.test.ts under test/ except test/harness.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

[[ $# -gt 0 ]] || set -- all
for layer in "$@"; do
  case "$layer" in
    unit | activity | replay | store | aws | api | cli | workflow | e2e)
      if [[ -d "test/$layer" ]]; then find "test/$layer" -type f -name '*.test.ts'; fi ;;
    all)
      if [[ -d test ]]; then find test -path test/harness -prune -o -type f -name '*.test.ts' -print; fi ;;
    *)
      echo "test-files.sh: unknown layer '$layer' (unit activity replay store aws api cli workflow e2e all)" >&2
      exit 2
      ;;
  esac
done | LC_ALL=C sort -u
