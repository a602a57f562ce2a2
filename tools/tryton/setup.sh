#!/usr/bin/env bash
# A local Tryton for the middleware (ERP_KIND=tryton): Debian's trytond 6.0 on the local
# PostgreSQL, prepared with what the adapter needs, listening on 127.0.0.1:$TRYTON_PORT.
#
#   tools/tryton/setup.sh [prepare|start|stop|status]   (default: prepare, then start)
#
# Idempotent: packages, database, modules, company, accounts, warehouses and products are
# created only when missing; a trytond already answering is left running.
# Environment (all optional): TRYTON_DATABASE (tryton), TRYTON_PORT (8000), TRYTON_PG_URI
# (postgresql://postgres@127.0.0.1:5432/), TRYTON_STATE_DIR (<repo>/.data/tryton, not
# committed), TRYTON_ADMIN_PASSWORD (admin), TRYTON_LOCATIONS (WH-MAIN), TRYTON_PRODUCTS (60).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
db="${TRYTON_DATABASE:-tryton}"
port="${TRYTON_PORT:-8000}"
pg_uri="${TRYTON_PG_URI:-postgresql://postgres@127.0.0.1:5432/}"
state="${TRYTON_STATE_DIR:-$root/.data/tryton}"
conf="$state/trytond-$port.conf"
pidfile="$state/trytond-$port.pid"
logfile="$state/trytond-$port.log"
say() { printf '[tryton] %s\n' "$*"; }

packages() {
  local missing=()
  command -v trytond >/dev/null || missing+=(tryton-server)
  for module in sale stock account account-invoice; do
    [ -d "/usr/lib/python3/dist-packages/trytond/modules/${module//-/_}" ] ||
      missing+=("tryton-modules-$module")
  done
  python3 -c 'import proteus' 2>/dev/null || missing+=(tryton-proteus)
  python3 -c 'import psycopg2' 2>/dev/null || missing+=(python3-psycopg2)
  if [ ${#missing[@]} -gt 0 ]; then
    say "apt-get install ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

write_config() {
  mkdir -p "$state"
  cat >"$conf" <<CONF
[database]
uri = $pg_uri
path = $state/files
[web]
listen = 127.0.0.1:$port
[session]
timeout = 86400
[queue]
# Sales are processed by Tryton's worker (not run here) after sale_process_after: confirmed
# sales stay confirmed, and cancellable, as they would within that delay in production.
worker = True
CONF
}

answering() {
  curl -s -o /dev/null -m 2 -X POST -H 'content-type: application/json' \
    -d '{"method":"common.server.version","params":[]}' "http://127.0.0.1:$port/" 2>/dev/null
}

prepare() {
  packages
  write_config
  if ! psql -h 127.0.0.1 -U postgres -tAc "select 1 from pg_database where datname='$db'" | grep -q 1; then
    say "creating database $db"
    createdb -h 127.0.0.1 -U postgres -E UTF8 -T template0 "$db"
  fi
  local passfile="$state/admin-password"
  printf '%s\n' "${TRYTON_ADMIN_PASSWORD:-admin}" >"$passfile"
  if ! psql -h 127.0.0.1 -U postgres -d "$db" -tAc \
    "select 1 from ir_module where name='sale' and state='activated'" 2>/dev/null | grep -q 1; then
    say "initialising $db and activating sale, stock, account, account_invoice"
    TRYTONPASSFILE="$passfile" trytond-admin -c "$conf" -d "$db" --all --email admin@example.invalid >/dev/null
    TRYTONPASSFILE="$passfile" trytond-admin -c "$conf" -d "$db" -u sale stock account account_invoice \
      --activate-dependencies >/dev/null
  fi
  TRYTON_CONFIG="$conf" TRYTON_DATABASE="$db" python3 "$here/prepare.py"
}

start() {
  write_config
  if answering; then say "trytond already answering on 127.0.0.1:$port"; return; fi
  say "starting trytond on 127.0.0.1:$port (log $logfile)"
  start-stop-daemon --start --background --make-pidfile --pidfile "$pidfile" \
    --exec "$(command -v python3)" -- "$(command -v trytond)" -c "$conf" --logconf /dev/null \
    >/dev/null 2>&1 || true
  for _ in $(seq 1 60); do answering && { say "trytond ready"; return; }; sleep 0.5; done
  say "trytond did not answer on 127.0.0.1:$port"; exit 1
}

stop() {
  [ -f "$pidfile" ] && start-stop-daemon --stop --oknodo --pidfile "$pidfile" --retry 10 >/dev/null
  rm -f "$pidfile"
}

case "${1:-all}" in
  prepare) prepare ;;
  start) start ;;
  stop) stop ;;
  status) answering && say "answering on $port" || { say "not answering on $port"; exit 1; } ;;
  all) prepare; start ;;
  *) echo "usage: $0 [prepare|start|stop|status]" >&2; exit 2 ;;
esac
