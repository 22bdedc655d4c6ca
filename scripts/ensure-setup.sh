#!/usr/bin/env bash
# Shared first step of `npm test`, `npm run demo` and `npm run bench`: install what is missing
# (npm dependencies, then the peers in .peers/). Idempotent and quick when everything is there.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [[ ! -d node_modules || package-lock.json -nt node_modules ]]; then
  echo "== npm ci (node_modules missing or older than package-lock.json)"
  npm ci
fi

bash scripts/install-peers.sh
