#!/bin/sh
# Creates (first run) or upgrades (later runs) Temporal's two PostgreSQL databases with the schema
# tool the admin-tools image ships, the way Temporal's own compose examples set up the server (the
# auto-setup image is deprecated). Idempotent: compose runs it before every start of the server.
set -eu
HOST="${POSTGRES_SEEDS:-postgresql}"
PORT="${DB_PORT:-5432}"
echo "temporal-schema: waiting for ${HOST}:${PORT}"
i=0
until nc -z "$HOST" "$PORT"; do
  i=$((i + 1))
  [ "$i" -lt 60 ] || { echo "temporal-schema: ${HOST}:${PORT} never answered"; exit 1; }
  sleep 1
done
tool() { temporal-sql-tool --plugin postgres12 --ep "$HOST" -p "$PORT" -u "$POSTGRES_USER" --pw "$POSTGRES_PWD" "$@"; }
for db in temporal:temporal temporal_visibility:visibility; do
  name="${db%%:*}"
  dir="${db##*:}"
  tool --db "$name" create 2>/dev/null || echo "temporal-schema: database ${name} exists"
  # setup-schema -v 0.0 only on an empty database; update-schema brings any version up to date.
  tool --db "$name" setup-schema -v 0.0 2>/dev/null || echo "temporal-schema: ${name} has a schema"
  tool --db "$name" update-schema -d "/etc/temporal/schema/postgresql/v12/${dir}/versioned"
done
echo "temporal-schema: done"
