#!/usr/bin/env bash
# PostgreSQL and Redis on loopback for the tests and the local cluster, and the tools only the tests need.
#
# Source it and call inventory_servers_start / inventory_servers_stop (and inventory_test_tools_install for the test
# suite: Chromium for the dashboard browser test, promtool for the alert rules), or run `tests/servers.sh start`.
# Servers given in INVENTORY_TEST_POSTGRES (an Npgsql connection string) or INVENTORY_TEST_REDIS (host:port) are
# used as they are; otherwise private ones are started on free 127.0.0.1 ports in temp folders (installing the
# Debian packages first if needed) and only those are stopped again. Exported for the tests:
#   INVENTORY_TEST_POSTGRES, INVENTORY_TEST_PG_PORT, INVENTORY_TEST_PG_CTL (script: stop|start)
#   INVENTORY_TEST_REDIS,    INVENTORY_TEST_REDIS_PORT, INVENTORY_TEST_REDIS_CTL (script: stop|start)

_inventory_pg_bin=/usr/lib/postgresql/15/bin
_inventory_started_pg=""
_inventory_started_redis=""

_inventory_log() { echo "servers: $*" >&2; }

# A free port below the kernel's ephemeral range (as tests/Shared/LoopbackPorts.cs does): a port from that range can
# be taken as the local end of an outgoing connection, for example while PostgreSQL is down in an outage test and
# before it binds its port again.
_inventory_free_port() {
  python3 - <<'PY'
import random, socket
try:
    end = int(open("/proc/sys/net/ipv4/ip_local_port_range").read().split()[0])
except (OSError, ValueError, IndexError):
    end = 32768
end = end if end > 21000 else 32768
for port in random.sample(range(20000, end), 200):
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            continue
    print(port)
    break
else:
    raise SystemExit("no free loopback port below the ephemeral range")
PY
}

_inventory_install() {
  if [[ -x "$_inventory_pg_bin/initdb" && -x "$_inventory_pg_bin/pg_ctl" ]] && command -v redis-server >/dev/null && command -v redis-cli >/dev/null; then
    return 0
  fi
  _inventory_log "installing postgresql and redis-server (apt-get)"
  apt-get update -qq >/dev/null &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      -o DPkg::Lock::Timeout=120 postgresql redis-server >/dev/null
}

_inventory_start_postgres() {
  local dir port
  dir="$(mktemp -d "${TMPDIR:-/tmp}/inventory-pg.XXXXXX")" || return 1
  _inventory_started_pg="$dir"
  port="$(_inventory_free_port)" || return 1
  chown postgres "$dir"
  # initdb and postgres refuse to run as root.
  runuser -u postgres -- "$_inventory_pg_bin/initdb" -D "$dir/data" -A trust -U postgres >"$dir/initdb.log" 2>&1 || {
    _inventory_log "initdb failed: $(tail -3 "$dir/initdb.log")"; return 1; }
  cat >"$dir/pgctl.sh" <<EOF
#!/usr/bin/env bash
# Stops (fast) or starts this test PostgreSQL; start waits until it accepts connections.
set -euo pipefail
case "\${1:-}" in
  stop)  runuser -u postgres -- "$_inventory_pg_bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null ;;
  start) runuser -u postgres -- "$_inventory_pg_bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 \\
           -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=on -c synchronous_commit=on" start >/dev/null ;;
  *) echo "usage: \$0 stop|start" >&2; exit 2 ;;
esac
EOF
  chmod +x "$dir/pgctl.sh"
  "$dir/pgctl.sh" start || { _inventory_log "postgres did not start: $(tail -3 "$dir/postgres.log" 2>/dev/null)"; return 1; }
  runuser -u postgres -- psql -h 127.0.0.1 -p "$port" -U postgres -qc "CREATE DATABASE inventory" >/dev/null || return 1
  export INVENTORY_TEST_PG_PORT="$port"
  export INVENTORY_TEST_PG_CTL="$dir/pgctl.sh"
  export INVENTORY_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=inventory;Pooling=true;Timeout=5;Command Timeout=10"
  _inventory_log "PostgreSQL on 127.0.0.1:$port (data in $dir)"
}

_inventory_start_redis() {
  local dir port
  dir="$(mktemp -d "${TMPDIR:-/tmp}/inventory-redis.XXXXXX")" || return 1
  _inventory_started_redis="$dir"
  port="$(_inventory_free_port)" || return 1
  # Append-only file: the membership table must survive a Redis restart, as in production.
  cat >"$dir/redisctl.sh" <<EOF
#!/usr/bin/env bash
# Stops (saving) or starts this test Redis; start waits until it answers PING.
set -euo pipefail
case "\${1:-}" in
  stop)  redis-cli -h 127.0.0.1 -p $port shutdown >/dev/null 2>&1 || true
         for _ in \$(seq 100); do redis-cli -h 127.0.0.1 -p $port ping >/dev/null 2>&1 || exit 0; sleep 0.1; done; exit 1 ;;
  start) redis-server --port $port --bind 127.0.0.1 --dir "$dir" --appendonly yes --appendfsync everysec \\
           --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log"
         for _ in \$(seq 100); do [[ "\$(redis-cli -h 127.0.0.1 -p $port ping 2>/dev/null)" == PONG ]] && exit 0; sleep 0.1; done; exit 1 ;;
  *) echo "usage: \$0 stop|start" >&2; exit 2 ;;
esac
EOF
  chmod +x "$dir/redisctl.sh"
  "$dir/redisctl.sh" start || { _inventory_log "redis did not start: $(tail -3 "$dir/redis.log" 2>/dev/null)"; return 1; }
  export INVENTORY_TEST_REDIS_PORT="$port"
  export INVENTORY_TEST_REDIS_CTL="$dir/redisctl.sh"
  export INVENTORY_TEST_REDIS="127.0.0.1:$port"
  _inventory_log "Redis on 127.0.0.1:$port (data in $dir)"
}

# Headless Chromium for the dashboard browser test (Debian's package; no browser download). Quick when present.
_inventory_install_chromium() {
  command -v chromium >/dev/null && return 0
  _inventory_log "installing chromium (apt-get)"
  apt-get update -qq >/dev/null &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      -o DPkg::Lock::Timeout=120 chromium >/dev/null
}

# promtool (Debian's prometheus package) for the alert rules' checks and unit tests. Quick when present.
_inventory_install_promtool() {
  command -v promtool >/dev/null && return 0
  _inventory_log "installing prometheus for promtool (apt-get)"
  apt-get update -qq >/dev/null &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      -o DPkg::Lock::Timeout=120 prometheus >/dev/null
}

# What the test suite needs beyond the servers; the local cluster never uses it. Warns, never fails.
inventory_test_tools_install() {
  _inventory_install_chromium || _inventory_log "could not install chromium: the dashboard browser test will fail"
  _inventory_install_promtool || _inventory_log "could not install prometheus: the alert rule tests will fail"
}

inventory_servers_start() {
  if [[ -z "${INVENTORY_TEST_POSTGRES:-}" || -z "${INVENTORY_TEST_REDIS:-}" ]]; then
    _inventory_install || { _inventory_log "could not install postgresql/redis-server"; return 1; }
  fi
  if [[ -z "${INVENTORY_TEST_POSTGRES:-}" ]]; then
    _inventory_start_postgres || { inventory_servers_stop; return 1; }
  fi
  if [[ -z "${INVENTORY_TEST_REDIS:-}" ]]; then
    _inventory_start_redis || { inventory_servers_stop; return 1; }
  fi
}

inventory_servers_stop() {
  if [[ -n "$_inventory_started_pg" ]]; then
    [[ -x "$_inventory_started_pg/pgctl.sh" ]] && "$_inventory_started_pg/pgctl.sh" stop 2>/dev/null || true
    rm -rf "$_inventory_started_pg"
    _inventory_started_pg=""
    unset INVENTORY_TEST_POSTGRES INVENTORY_TEST_PG_CTL INVENTORY_TEST_PG_PORT
  fi
  if [[ -n "$_inventory_started_redis" ]]; then
    [[ -x "$_inventory_started_redis/redisctl.sh" ]] && "$_inventory_started_redis/redisctl.sh" stop 2>/dev/null || true
    rm -rf "$_inventory_started_redis"
    _inventory_started_redis=""
    unset INVENTORY_TEST_REDIS INVENTORY_TEST_REDIS_CTL INVENTORY_TEST_REDIS_PORT
  fi
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  set -euo pipefail
  case "${1:-}" in
    start) inventory_test_tools_install; inventory_servers_start && env | grep '^INVENTORY_TEST_' && echo "(these servers keep running; stop them with their *ctl.sh scripts)" ;;
    *) echo "usage: source tests/servers.sh, or: $0 start" >&2; exit 2 ;;
  esac
fi
