#!/usr/bin/env bash
# A local cluster the way production runs: N standalone silos on Redis membership and PostgreSQL storage, and the
# API as a separate client process. Uses INVENTORY_POSTGRES / INVENTORY_REDIS when given, otherwise starts private
# ones on loopback (tests/servers.sh). Ctrl+C stops everything gracefully (SIGTERM), then the servers it started.
set -euo pipefail

usage() {
  cat <<EOF
usage: $0 [N]     start N silos (default 3) and the API at http://127.0.0.1:\${INVENTORY_API_PORT:-5080}
  INVENTORY_POSTGRES   Npgsql connection string of an existing PostgreSQL (default: start one)
  INVENTORY_REDIS      host:port of an existing Redis (default: start one)
  INVENTORY_API_PORT   API port (default 5080); silo i uses silo port 11111+i, gateway 30000+i, dashboard 5090+i
  INVENTORY_CLUSTER_LOGS  folder for the logs (default: a temp folder)
EOF
}

[[ "${1:-}" == "--help" || "${1:-}" == "-h" ]] && { usage; exit 0; }
silos="${1:-3}"
[[ "$silos" =~ ^[1-9][0-9]?$ ]] || { usage >&2; exit 2; }
api_port="${INVENTORY_API_PORT:-5080}"

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=tests/servers.sh
source tests/servers.sh
logs="${INVENTORY_CLUSTER_LOGS:-$(mktemp -d "${TMPDIR:-/tmp}/inventory-cluster.XXXXXX")}"
mkdir -p "$logs"
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
  echo "stopped; logs in $logs"
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

echo "building (Release)..."
dotnet build Orleans.sln -c Release --nologo -v quiet >"$logs/build.log" 2>&1 || { tail -20 "$logs/build.log" >&2; exit 1; }

INVENTORY_TEST_POSTGRES="${INVENTORY_POSTGRES:-${INVENTORY_TEST_POSTGRES:-}}"
INVENTORY_TEST_REDIS="${INVENTORY_REDIS:-${INVENTORY_TEST_REDIS:-}}"
inventory_servers_start

export ASPNETCORE_ENVIRONMENT=Development
export Inventory__Cluster__ClusterId=inventory-local Inventory__Cluster__ServiceId=inventory
export Inventory__Cluster__Membership=Redis Inventory__Cluster__Redis="$INVENTORY_TEST_REDIS"
export Inventory__Cluster__AdvertisedIPAddress=127.0.0.1
export Inventory__Storage__Provider=PostgreSQL Inventory__Storage__ConnectionString="$INVENTORY_TEST_POSTGRES"

silo_dir="$root/src/Inventory.Silo"
api_dir="$root/src/Inventory.Api"
for ((i = 0; i < silos; i++)); do
  (cd "$silo_dir" && exec env Inventory__Cluster__SiloPort=$((11111 + i)) Inventory__Cluster__GatewayPort=$((30000 + i)) \
    Urls="http://127.0.0.1:$((5090 + i))" dotnet bin/Release/net10.0/Inventory.Silo.dll) >"$logs/silo-$i.log" 2>&1 &
  pids=("$!" "${pids[@]}")
done
for ((i = 0; i < silos; i++)); do
  wait_ready "silo-$i" "http://127.0.0.1:$((5090 + i))/dashboard/" "$logs/silo-$i.log"
done

(cd "$api_dir" && exec env Inventory__Api__Mode=Client Urls="http://127.0.0.1:$api_port" \
  dotnet bin/Release/net10.0/Inventory.Api.dll) >"$logs/api.log" 2>&1 &
pids=("$!" "${pids[@]}")
wait_ready api "http://127.0.0.1:$api_port/dashboard/" "$logs/api.log"

cat <<EOF

Local cluster up: $silos silos on Redis $INVENTORY_TEST_REDIS and PostgreSQL ($INVENTORY_TEST_POSTGRES)
  API        http://127.0.0.1:$api_port   (dashboard: http://127.0.0.1:$api_port/dashboard)
  silos      $(for ((i = 0; i < silos; i++)); do printf 'http://127.0.0.1:%s/dashboard  ' $((5090 + i)); done)
  logs       $logs
Ctrl+C to stop.
EOF
wait
