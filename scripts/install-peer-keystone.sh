#!/usr/bin/env bash
# Installs the OpenStack layer's identity peer into the git-ignored .peers/keystone/ folder, once:
#   .peers/keystone/venv       Keystone (PyPI, test/harness/keystone-requirements.txt) and waitress
#   .peers/keystone/template   a bootstrapped Keystone: SQLite database (db_sync + bootstrap), fernet and
#                              credential keys; each test run copies it (test/harness/keystone-peer.ts)
# Run by install-peers.sh when the openstack layer is about to run, and lazily by the OpenStack tests'
# harness (~200 MB that only that layer needs). Idempotent: skipped while its stamp matches its inputs; concurrent callers wait on a lock.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HOME_DIR="$ROOT/.peers/keystone"
VENV="$HOME_DIR/venv"
TEMPLATE="$HOME_DIR/template"
REQUIREMENTS="$ROOT/test/harness/keystone-requirements.txt"
# The bootstrap admin's password: a test-only secret of a peer that listens on 127.0.0.1 only.
ADMIN_PASSWORD="discovery-keystone-admin"

say() { printf 'install-peer-keystone: %s\n' "$*"; }
die() {
  printf 'install-peer-keystone: ERROR: %s\n' "$*" >&2
  exit 1
}
logged() {
  local what="$1" log="$2"
  shift 2
  if ! "$@" >"$log" 2>&1; then
    tail -n 40 "$log" >&2 || true
    die "$what failed (full log: $log)"
  fi
}

command -v python3 >/dev/null || die "python3 not found: Python 3 (with venv) is needed for Keystone"
mkdir -p "$HOME_DIR"
exec 9>"$HOME_DIR/.lock"
flock 9

stamp="$HOME_DIR/.stamp"
want="$(cat "$REQUIREMENTS" "${BASH_SOURCE[0]}" | sha256sum | cut -d' ' -f1) $(python3 -c 'import sys; print(sys.version.split()[0])')"
if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" && -x "$VENV/bin/keystone-manage" && -f "$TEMPLATE/keystone.db" ]]; then
  say "keystone up to date ($HOME_DIR)"
  exit 0
fi
rm -f "$stamp"

say "installing Keystone into $VENV (about a minute)"
[[ -x "$VENV/bin/python" ]] || logged "python3 -m venv" "$HOME_DIR/venv.log" python3 -m venv "$VENV"
logged "pip install" "$HOME_DIR/pip.log" \
  "$VENV/bin/python" -m pip install --disable-pip-version-check --no-input -r "$REQUIREMENTS"

say "bootstrapping the template database"
rm -rf "$TEMPLATE"
mkdir -p "$TEMPLATE"
cat >"$TEMPLATE/keystone.conf" <<CONF
[database]
connection = sqlite:///$TEMPLATE/keystone.db
[fernet_tokens]
key_repository = $TEMPLATE/fernet-keys
[credential]
key_repository = $TEMPLATE/credential-keys
CONF
km() { "$VENV/bin/keystone-manage" --config-file "$TEMPLATE/keystone.conf" "$@"; }
user="$(id -un)"
group="$(id -gn)"
{
  km db_sync &&
    km fernet_setup --keystone-user "$user" --keystone-group "$group" &&
    km credential_setup --keystone-user "$user" --keystone-group "$group" &&
    km bootstrap --bootstrap-password "$ADMIN_PASSWORD" --bootstrap-region-id RegionOne \
      --bootstrap-public-url http://127.0.0.1:5000/v3
} >"$HOME_DIR/bootstrap.log" 2>&1 || {
  tail -n 40 "$HOME_DIR/bootstrap.log" >&2
  die "keystone-manage failed (full log: $HOME_DIR/bootstrap.log)"
}
echo "$want" >"$stamp"
say "done"
