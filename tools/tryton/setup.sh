#!/usr/bin/env bash
# A local Tryton for the middleware (ERP_KIND=tryton): Debian's trytond 6.0 on the local
# PostgreSQL, prepared with what the adapter needs, listening on 127.0.0.1:$TRYTON_PORT.
#
#   tools/tryton/setup.sh [prepare|start|stop|kill|status]   (default: prepare, then start)
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
# Debian's trytond and proteus live in the system Python, whatever python3 is first on PATH.
py=/usr/bin/python3
say() { printf '[tryton] %s\n' "$*"; }

packages() {
  local missing=()
  command -v trytond >/dev/null || missing+=(tryton-server)
  for module in sale stock account account-invoice; do
    [ -d "/usr/lib/python3/dist-packages/trytond/modules/${module//-/_}" ] ||
      missing+=("tryton-modules-$module")
  done
  $py -c 'import proteus' 2>/dev/null || missing+=(tryton-proteus)
  $py -c 'import psycopg2' 2>/dev/null || missing+=(python3-psycopg2)
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
# The PostgreSQL server is shared: a small pool.
maxconn = 10
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

locations="${TRYTON_LOCATIONS:-WH-MAIN}"

# What prepare.py makes last is there: the non-inventory product and every warehouse.
prepared() {
  local codes
  codes="'$(printf '%s' "$locations" | sed "s/,/','/g")'"
  psql -h 127.0.0.1 -U postgres -d "$db" -tAc "select
      (select count(*) from product_product where code = 'NON-INVENTORY') = 1
      and (select count(distinct code) from stock_location
           where type = 'warehouse' and code in ($codes)) = $(printf '%s' "$locations" | tr ',' '\n' | grep -c .)" \
    2>/dev/null | grep -q t
}

answering() {
  curl -s -o /dev/null -m 2 -X POST -H 'content-type: application/json' \
    -d '{"method":"common.server.version","params":[]}' "http://127.0.0.1:$port/" 2>/dev/null
}

prepare() {
  packages
  write_config
  # Suites may prepare at once (several trytond ports, one database): one at a time.
  exec 9>"$state/prepare.lock"
  flock 9
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
  if prepared; then
    say "database $db already prepared"
  else
    TRYTON_CONFIG="$conf" TRYTON_DATABASE="$db" TRYTON_LOCATIONS="$locations" "$py" "$here/prepare.py"
  fi
  flock -u 9
  exec 9>&-
}

# The trytond this checkout started (its pid in our pidfile) and still running.
ours() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }

start() {
  write_config
  if ours; then
    # Ours, perhaps still starting (another suite's call got here first): wait, never replace it.
    for _ in $(seq 1 60); do answering && { say "trytond already answering on 127.0.0.1:$port"; return; }; sleep 0.5; done
    say "trytond (pid $(cat "$pidfile")) did not answer on 127.0.0.1:$port"; exit 1
  fi
  # One on the port that is not ours was left by another checkout (a CI clone since deleted:
  # its files directory gone, every call answered 500): stop it and start ours.
  local stale
  stale="$(pgrep -f "trytond -c .*/trytond-$port\.conf" || true)"
  if [ -n "$stale" ]; then
    say "stopping a trytond on port $port that this checkout did not start (pid $(echo $stale | tr '\n' ' '))"
    kill $stale 2>/dev/null || true
    for _ in $(seq 1 40); do answering || break; sleep 0.25; done
    kill -9 $stale 2>/dev/null || true
  fi
  say "starting trytond on 127.0.0.1:$port (log $logfile)"
  # 9>&-: the daemon must not inherit (and so hold for ever) the preparation lock.
  nohup "$py" /usr/bin/trytond -c "$conf" >>"$logfile" 2>&1 </dev/null 9>&- &
  echo $! >"$pidfile"
  for _ in $(seq 1 60); do answering && { say "trytond ready"; return; }; sleep 0.5; done
  say "trytond did not answer on 127.0.0.1:$port"; exit 1
}

stop() {
  if [ -f "$pidfile" ]; then
    local pid
    pid="$(cat "$pidfile")"
    kill "-${1:-TERM}" "$pid" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$pidfile"
  fi
}

case "${1:-all}" in
  prepare) prepare ;;
  start) start ;;
  stop) stop ;;
  kill) stop KILL ;;
  status) answering && say "answering on $port" || { say "not answering on $port"; exit 1; } ;;
  all) prepare; start ;;
  *) echo "usage: $0 [prepare|start|stop|kill|status]" >&2; exit 2 ;;
esac
