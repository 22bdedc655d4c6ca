#!/usr/bin/env bash
# Shared first step of `npm test`, `npm run demo` and `npm run bench`: install what is missing
# (npm dependencies, then the peers in .peers/). Idempotent and quick when everything is there.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# A symlinked node_modules (git worktrees sharing one install) is never reinstalled from here: npm ci
# empties the symlink's target, the install every other checkout uses.
if [[ -L node_modules ]]; then
  [[ -d node_modules/ ]] || { echo "ensure-setup: node_modules is a dangling symlink" >&2; exit 1; }
elif [[ ! -d node_modules || package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "== npm ci (node_modules missing or older than package-lock.json)"
  npm ci
fi

bash scripts/install-peers.sh
