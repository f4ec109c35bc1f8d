#!/usr/bin/env bash
# `make unleash`: a local Unleash server for development, on 127.0.0.1:4242 with its own
# PostgreSQL database. Idempotent: creates what is missing, starts the server unless it already
# answers, and returns once /health does. Stop it with: kill "$(cat instance/unleash.pid)"
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"

port="${UNLEASH_PORT:-4242}"
pg_host="${PGHOST:-127.0.0.1}" pg_port="${PGPORT:-5432}" pg_user="${PGUSER:-postgres}"
database="${UNLEASH_DATABASE:-landwerk_unleash}"
# Local defaults only: production tokens are secrets of their own (docs/deploy.md).
admin_token="${UNLEASH_ADMIN_TOKEN:-*:*.landwerk-local-admin}"
client_token="${UNLEASH_CLIENT_TOKEN:-default:development.landwerk-local-client}"
health="http://127.0.0.1:${port}/health"

if [ ! -d "$here/node_modules/unleash-server" ]; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi

exists="$(psql -h "$pg_host" -p "$pg_port" -U "$pg_user" -d postgres -tAc \
  "SELECT 1 FROM pg_database WHERE datname = '$database'")"
if [ "$exists" != "1" ]; then
  createdb -h "$pg_host" -p "$pg_port" -U "$pg_user" "$database"
  echo "PostgreSQL database $database created."
fi

if curl -fsS "$health" >/dev/null 2>&1; then
  echo "Unleash already answers on http://127.0.0.1:${port}/"
else
  mkdir -p "$root/instance"
  (
    cd "$here"
    UNLEASH_PORT="$port" \
      UNLEASH_DATABASE_URL="postgres://${pg_user}@${pg_host}:${pg_port}/${database}" \
      INIT_ADMIN_API_TOKENS="$admin_token" INIT_BACKEND_API_TOKENS="$client_token" \
      nohup node start.mjs >>"$root/instance/unleash.log" 2>&1 &
    echo $! >"$root/instance/unleash.pid"
  )
  for _ in $(seq 1 120); do
    curl -fsS "$health" >/dev/null 2>&1 && break
    sleep 0.5
  done
  curl -fsS "$health" >/dev/null || {
    echo "Unleash did not come up; see instance/unleash.log" >&2
    exit 1
  }
  echo "Unleash runs on http://127.0.0.1:${port}/ (pid $(cat "$root/instance/unleash.pid"), log instance/unleash.log)"
fi

cat <<EOF
For the app (server mode), then once: flask --app webapp stages sync
  export UNLEASH_URL=http://127.0.0.1:${port}/api
  export UNLEASH_CLIENT_TOKEN='${client_token}'
  export UNLEASH_ADMIN_TOKEN='${admin_token}'
EOF
