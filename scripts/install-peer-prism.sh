#!/usr/bin/env bash
# Installs Stoplight Prism (the OpenAPI mock/validation proxy) into .peers/prism, for the digitalocean
# test layer only: its tests serve DigitalOcean's vendored OpenAPI spec with it as an independent
# contract check (docs/digitalocean.md). 5.14.2 is the last release that runs on Node 20.
# Idempotent: skipped while the stamp matches the version. Called by scripts/install-peers.sh when the
# digitalocean layer is about to run (PEERS_FOR), and lazily by test/digitalocean/ (installPrism()).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PREFIX="$ROOT/.peers/prism"
VERSION="5.14.2"
BIN="$PREFIX/node_modules/.bin/prism"
STAMP="$PREFIX/.discovery-stamp"
WANT="@stoplight/prism-cli@$VERSION $(node --version)"

if [[ -f "$STAMP" && "$(cat "$STAMP")" == "$WANT" && -x "$BIN" ]]; then
  echo "install-peer-prism: prism $VERSION up to date ($PREFIX)"
  exit 0
fi
echo "install-peer-prism: installing @stoplight/prism-cli@$VERSION into $PREFIX"
mkdir -p "$PREFIX"
# Its own package.json, so npm never walks up into the project's (and never touches node_modules/).
[[ -f "$PREFIX/package.json" ]] || echo '{"name":"discovery-prism-peer","private":true}' >"$PREFIX/package.json"
if ! npm install --prefix "$PREFIX" --no-audit --no-fund --no-save --loglevel=error \
  "@stoplight/prism-cli@$VERSION" >"$PREFIX/install.log" 2>&1; then
  tail -n 40 "$PREFIX/install.log" >&2 || true
  echo "install-peer-prism: ERROR: npm install failed (log: $PREFIX/install.log)" >&2
  exit 1
fi
"$BIN" --version >/dev/null || { echo "install-peer-prism: ERROR: $BIN does not run" >&2; exit 1; }
echo "$WANT" >"$STAMP"
echo "install-peer-prism: done"
