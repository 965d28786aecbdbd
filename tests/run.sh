#!/usr/bin/env bash
# Runs the whole test suite, exactly as CI does (.ci/run calls this script).
# Needs only the .NET SDK today; when tests need servers (PostgreSQL, Redis), this script installs and
# starts them on loopback itself and stops them afterwards.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

log="$(mktemp)"
trap 'rm -f "$log"' EXIT

set +e
dotnet test Orleans.sln --nologo "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

sum() { grep -oE "$1: +[0-9]+" "$log" | awk '{ s += $2 } END { print s + 0 }'; }
echo
echo "tests: $(sum Passed) passed, $(sum Failed) failed, $(sum Skipped) skipped"
exit "$status"
