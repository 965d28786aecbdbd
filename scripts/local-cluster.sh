#!/usr/bin/env bash
# A local cluster the way production runs: N standalone silos on Redis membership and PostgreSQL storage, and the
# API as a separate client process. Uses INVENTORY_POSTGRES / INVENTORY_REDIS when given, otherwise starts private
# ones on loopback (tests/servers.sh). Ctrl+C (or `stop`) stops everything gracefully (SIGTERM), then the servers it
# started. Each process has a pid file in the cluster's folder, so ops and tests can find (or kill -9) any of them.
set -euo pipefail

usage() {
  cat <<EOF
usage: $0 [start] [--no-build] [N]   start N silos (default 3) and the API; runs until Ctrl+C or \`$0 stop\`
       $0 status                     each process of the cluster: pid, running or not, ready or not
       $0 stop                       stop the cluster gracefully (API first, then the silos, then its servers)

Ports (silo i uses base + i), so two clusters can run side by side:
  INVENTORY_API_PORT        API HTTP port (default 5080)
  INVENTORY_DASHBOARD_PORT  silo HTTP base: dashboard and health (default 5090)
  INVENTORY_SILO_PORT       silo-to-silo base (default 11111)
  INVENTORY_GATEWAY_PORT    client gateway base (default 30000)
Cluster:
  INVENTORY_CLUSTER_DIR     folder for pid files and logs (default: \${TMPDIR:-/tmp}/inventory-cluster-<API port>);
                            status and stop find the cluster through it (or through INVENTORY_API_PORT)
  INVENTORY_CLUSTER_ID      cluster id in the membership table (default inventory-local); give two clusters that
                            share a Redis different ids
  INVENTORY_SERVICE_ID      service id, which keys the stored grain state (default inventory)
  INVENTORY_POSTGRES        Npgsql connection string of an existing PostgreSQL (default: start one)
  INVENTORY_REDIS           host:port of an existing Redis (default: start one)
EOF
}

command="start"
case "${1:-}" in
  -h | --help) usage; exit 0 ;;
  start | status | stop) command="$1"; shift ;;
esac
build=1
if [[ "${1:-}" == "--no-build" ]]; then build=0; shift; fi
silos="${1:-3}"
[[ "$silos" =~ ^[1-9][0-9]?$ && $# -le 1 ]] || { usage >&2; exit 2; }

port_setting() { # name default
  local value="${!1:-$2}"
  [[ "$value" =~ ^[1-9][0-9]{0,4}$ && "$value" -le 65535 ]] || { echo "$1 must be a port number, not '$value'" >&2; exit 2; }
  echo "$value"
}
api_port="$(port_setting INVENTORY_API_PORT 5080)"
dashboard_base="$(port_setting INVENTORY_DASHBOARD_PORT 5090)"
silo_base="$(port_setting INVENTORY_SILO_PORT 11111)"
gateway_base="$(port_setting INVENTORY_GATEWAY_PORT 30000)"
dir="${INVENTORY_CLUSTER_DIR:-${INVENTORY_CLUSTER_LOGS:-${TMPDIR:-/tmp}/inventory-cluster-$api_port}}"

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

alive() { [[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

# The cluster's processes, API first: the order in which they are stopped.
pid_files() {
  local names=()
  [[ -f "$dir/api.pid" ]] && names+=("$dir/api.pid")
  for file in "$dir"/silo-*.pid; do [[ -f "$file" ]] && names+=("$file"); done
  printf '%s\n' "${names[@]}"
}

status() {
  [[ -f "$dir/local-cluster.pid" ]] || { echo "no cluster in $dir (set INVENTORY_CLUSTER_DIR or INVENTORY_API_PORT)" >&2; exit 3; }
  local down=0 name pid state ready url
  # shellcheck disable=SC1091
  source "$dir/cluster.env"
  local files
  mapfile -t files < <(pid_files)
  printf '%-14s %-8s %-8s %-6s %s\n' PROCESS PID STATE READY URL
  for file in "$dir/local-cluster.pid" "${files[@]}"; do
    name="$(basename "$file" .pid)"
    pid="$(cat "$file")"
    url=""
    case "$name" in
      api) url="http://127.0.0.1:$api_port" ;;
      silo-*) url="http://127.0.0.1:$((dashboard_base + ${name#silo-}))" ;;
    esac
    if alive "$file"; then state=running; else state=stopped; down=1; fi
    ready="-"
    if [[ -n "$url" ]]; then
      ready=no
      [[ $state == running ]] && curl -fsS -m 2 -o /dev/null "$url/health/ready" 2>/dev/null && ready=yes
    fi
    printf '%-14s %-8s %-8s %-6s %s\n' "$name" "$pid" "$state" "$ready" "$url"
  done
  echo "logs: $dir"
  [[ $down == 0 ]] || exit 3
}

stop() {
  if alive "$dir/local-cluster.pid"; then
    # The script's own handler stops the processes in order, then the servers it started.
    local script
    script="$(cat "$dir/local-cluster.pid")"
    kill -TERM "$script"
    for _ in $(seq 600); do kill -0 "$script" 2>/dev/null || { echo "stopped (logs in $dir)"; return 0; }; sleep 0.1; done
    echo "the cluster did not stop within 60 s; see $dir" >&2
    exit 1
  fi
  # The script is gone: stop what is left of its processes.
  local left=0 files
  mapfile -t files < <(pid_files)
  for file in "${files[@]}"; do
    alive "$file" && { kill -TERM "$(cat "$file")"; left=1; }
  done
  [[ $left == 1 ]] && echo "the cluster's script was not running; sent SIGTERM to its remaining processes" || echo "no cluster running in $dir"
}

case "$command" in
  status) status; exit 0 ;;
  stop) stop; exit 0 ;;
esac

if alive "$dir/local-cluster.pid"; then
  echo "a cluster already runs in $dir (pid $(cat "$dir/local-cluster.pid")): \`$0 stop\` it, or set INVENTORY_API_PORT / INVENTORY_CLUSTER_DIR" >&2
  exit 1
fi

cd "$root"
# shellcheck source=tests/servers.sh
source tests/servers.sh
mkdir -p "$dir"
rm -f "$dir"/*.pid
echo $$ >"$dir/local-cluster.pid"
pids=()

stop_all() {
  trap - INT TERM EXIT
  echo "stopping..."
  # The API first, then the silos: each leaves gracefully and hands its grains over.
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for _ in $(seq 300); do
    alive=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [[ $alive == 0 ]] && break
    sleep 0.1
  done
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  inventory_servers_stop
  rm -f "$dir/local-cluster.pid"
  echo "stopped; logs in $dir"
}
trap 'stop_all; exit 0' INT TERM
trap stop_all EXIT

wait_ready() { # name url log
  for _ in $(seq 450); do
    curl -fsS -o /dev/null "$2" 2>/dev/null && return 0
    sleep 0.2
  done
  echo "$1 did not start within 90 s; last lines of $3:" >&2
  tail -20 "$3" >&2
  exit 1
}

if [[ $build == 1 ]]; then
  echo "building (Release)..."
  dotnet build Orleans.sln -c Release --nologo -v quiet >"$dir/build.log" 2>&1 || { tail -20 "$dir/build.log" >&2; exit 1; }
fi

INVENTORY_TEST_POSTGRES="${INVENTORY_POSTGRES:-${INVENTORY_TEST_POSTGRES:-}}"
INVENTORY_TEST_REDIS="${INVENTORY_REDIS:-${INVENTORY_TEST_REDIS:-}}"
inventory_servers_start

export ASPNETCORE_ENVIRONMENT=Development
export Inventory__Cluster__ClusterId="${INVENTORY_CLUSTER_ID:-inventory-local}" Inventory__Cluster__ServiceId="${INVENTORY_SERVICE_ID:-inventory}"
export Inventory__Cluster__Membership=Redis Inventory__Cluster__Redis="$INVENTORY_TEST_REDIS"
export Inventory__Cluster__AdvertisedIPAddress=127.0.0.1
export Inventory__Storage__Provider=PostgreSQL Inventory__Storage__ConnectionString="$INVENTORY_TEST_POSTGRES"
cat >"$dir/cluster.env" <<EOF
api_port=$api_port
dashboard_base=$dashboard_base
EOF

silo_dir="$root/src/Inventory.Silo"
api_dir="$root/src/Inventory.Api"
for ((i = 0; i < silos; i++)); do
  (cd "$silo_dir" && exec env Inventory__Cluster__SiloPort=$((silo_base + i)) Inventory__Cluster__GatewayPort=$((gateway_base + i)) \
    Urls="http://127.0.0.1:$((dashboard_base + i))" dotnet bin/Release/net10.0/Inventory.Silo.dll) >"$dir/silo-$i.log" 2>&1 &
  pids=("$!" "${pids[@]}")
  echo "$!" >"$dir/silo-$i.pid"
done
for ((i = 0; i < silos; i++)); do
  wait_ready "silo-$i" "http://127.0.0.1:$((dashboard_base + i))/health/ready" "$dir/silo-$i.log"
done

(cd "$api_dir" && exec env Inventory__Api__Mode=Client Urls="http://127.0.0.1:$api_port" \
  dotnet bin/Release/net10.0/Inventory.Api.dll) >"$dir/api.log" 2>&1 &
pids=("$!" "${pids[@]}")
echo "$!" >"$dir/api.pid"
wait_ready api "http://127.0.0.1:$api_port/health/ready" "$dir/api.log"

cat <<EOF

Local cluster up: $silos silos on Redis $INVENTORY_TEST_REDIS and PostgreSQL ($INVENTORY_TEST_POSTGRES)
  API        http://127.0.0.1:$api_port   (dashboard: http://127.0.0.1:$api_port/dashboard)
  silos      $(for ((i = 0; i < silos; i++)); do printf 'http://127.0.0.1:%s/dashboard  ' $((dashboard_base + i)); done)
  folder     $dir   (pid files and logs: kill -9 "\$(cat $dir/silo-1.pid)" crashes silo 1)
Ctrl+C or \`$0 stop\` to stop; \`$0 status\` to see each process.
EOF
wait
