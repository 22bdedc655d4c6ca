#!/usr/bin/env bash
# Prints the test files of the given layers, one per line, sorted (Node 20's `node --test` does not
# expand globs itself). A layer is a folder under test/ (unit, activity, replay, store, api, cli,
# workflow, and one per provider: aws, azure, ...); harness/ and fixtures/ are not layers.
#   all = every *.test.ts under test/ except test/harness and test/fixtures.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

layers() { find test -mindepth 1 -maxdepth 1 -type d ! -name harness ! -name fixtures -printf '%f\n' | sort; }

[[ $# -gt 0 ]] || set -- all
for layer in "$@"; do
  case "$layer" in
    all)
      find test \( -path test/harness -o -path test/fixtures \) -prune -o -type f -name '*.test.ts' -print ;;
    harness | fixtures | */* | .* | '')
      echo "test-files.sh: '$layer' is not a test layer (layers: $(layers | tr '\n' ' ')all)" >&2
      exit 2 ;;
    *)
      if [[ -d "test/$layer" ]]; then
        find "test/$layer" -type f -name '*.test.ts'
      else
        echo "test-files.sh: unknown layer '$layer' (layers: $(layers | tr '\n' ' ')all)" >&2
        exit 2
      fi ;;
  esac
done | LC_ALL=C sort -u
