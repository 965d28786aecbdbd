#!/usr/bin/env bash
# Runs the whole test suite, exactly as CI does (.ci/run calls this script).
# Installs (apt-get) and starts its own PostgreSQL and Redis on free loopback ports unless INVENTORY_TEST_POSTGRES
# and INVENTORY_TEST_REDIS name running ones, and stops what it started when it ends.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=tests/servers.sh
source tests/servers.sh

log="$(mktemp)"
cleanup() {
  inventory_servers_stop
  rm -f "$log"
}
trap cleanup EXIT

inventory_test_tools_install
inventory_servers_start || { echo "tests: could not start PostgreSQL and Redis" >&2; exit 1; }

set +e
# Detailed console output shows what the failure tests measured (recovery times) in the log.
dotnet test Orleans.sln --nologo --logger "console;verbosity=detailed" "$@" 2>&1 | tee "$log" \
  | grep --line-buffered -vE '^\s+(Passed|Skipped) Inventory\.|^\[xUnit\.net [0-9:.]+\]\s+(Starting|Finished|Discover)'
status=${PIPESTATUS[0]}
set -e

sum() { grep -oE "$1: +[0-9]+" "$log" | awk '{ s += $2 } END { print s + 0 }'; }
echo
echo "tests: $(sum Passed) passed, $(sum Failed) failed, $(sum Skipped) skipped"
# Name the failures last, where a truncated CI log still shows them.
grep -E '^\s+Failed Inventory\.' "$log" | sed -E 's/^\s+/  failed: /' || true
exit "$status"
