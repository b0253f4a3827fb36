#!/usr/bin/env bash
# The test command (see README.md). On a fresh Debian machine it installs what it needs (PostgreSQL,
# Prometheus, Alertmanager, docker-compose from Debian's packages), starts a throwaway
# PostgreSQL cluster on a free port, runs every test suite, and cleans up whatever happens.
#   scripts/test.sh          every tier and suite
#   scripts/test.sh --fast   the fast tier only: pure code and single-database tests (no child processes,
#                            browser, live Prometheus, rules or compose checks); see tests/.../Infrastructure/Tier.cs
set -euo pipefail
cd "$(dirname "$0")/.."

fast=0
case "${1:-}" in
  --fast) fast=1 ;;
  "") ;;
  *) echo "usage: scripts/test.sh [--fast]" >&2; exit 2 ;;
esac
source scripts/lib/services.sh
source scripts/lib/deploy.sh

ensure_packages
start_throwaway_postgres   # sets PG_PORT, PG_PASSWORD, PG_DIR; stopped on exit
trap 'stop_throwaway_postgres' EXIT
start_throwaway_mariadb    # sets MARIADB_PORT, MARIADB_PASSWORD, MARIADB_DIR; stopped on exit
export EXPORTER_TEST_PG="Host=127.0.0.1;Port=${PG_PORT};Username=postgres;Password=${PG_PASSWORD}"
export EXPORTER_TEST_MYSQL="Server=127.0.0.1;Port=${MARIADB_PORT};User ID=root;Password=${MARIADB_PASSWORD}"
export EXPORTER_PROMETHEUS_BIN="$(command -v prometheus)"

results=$(mktemp -d)
trap 'stop_throwaway_postgres; stop_throwaway_mariadb; rm -rf "$results"' EXIT

filter=()
[ "$fast" -eq 0 ] || filter=(--filter "Tier!=Stack")
echo "== dotnet test${filter:+ (fast tier)}"
set +e
dotnet test Exporter.sln --nologo "${filter[@]}" --logger "trx;LogFilePrefix=tests" --results-directory "$results" 2>&1 | tee "$results/dotnet.log"
dotnet_status=${PIPESTATUS[0]}
# `dotnet test` builds only the test projects and what they reference: the benchmarks must build too.
dotnet build bench/Exporter.Bench --nologo -v q 2>&1 | tail -n 3 | tee -a "$results/dotnet.log"
[ "${PIPESTATUS[0]}" -eq 0 ] || dotnet_status=1
set -e

# The shipped NativeAOT executable (scripts/publish-native.sh): every test that starts the exporter as a process
# runs again on it (trimming or AOT breaking a path shows here, not in production).
native_status=0
if [ "$fast" -eq 0 ]; then
  echo "== NativeAOT build, and the tests that start the exporter as a process, again on it"
  native=$(mktemp -d /tmp/exporter-native.XXXXXX)
  trap 'stop_throwaway_postgres; stop_throwaway_mariadb; rm -rf "$results" "$native"' EXIT
  set +e
  scripts/publish-native.sh "$native" &&
    EXPORTER_TEST_BINARY="$native/exporter" dotnet test tests/Exporter.Tests --no-build --nologo --filter "Exporter=ChildProcess" \
      --logger "trx;LogFilePrefix=native" --results-directory "$results" 2>&1 | tee "$results/native.log"
  native_status=${PIPESTATUS[0]}
  set -e
  [ -n "$(ls "$results"/native*.trx 2>/dev/null)" ] || native_status=1
fi
sum_attr() { cat "$results"/*.trx 2>/dev/null | grep -oE "<Counters [^>]*" | grep -oE " $1=\"[0-9]+\"" | grep -oE '[0-9]+' | awk '{s+=$1} END {print s+0}'; }
dotnet_passed=$(sum_attr passed)
dotnet_failed=$(sum_attr failed)
[ -n "$(ls "$results"/*.trx 2>/dev/null)" ] || dotnet_status=1

if [ "$fast" -eq 1 ]; then
  failed=${dotnet_failed:-0}
  [ "$dotnet_status" -eq 0 ] || [ "$failed" -gt 0 ] || failed=1
  echo
  echo "dotnet tests (fast tier): ${dotnet_passed:-0} passed, ${dotnet_failed:-0} failed"
  echo "${dotnet_passed:-0} passed, $failed failed"
  [ "$failed" -eq 0 ]
  exit
fi

rules_passed=0; rules_failed=0
if [ -x prometheus/test.sh ]; then
  echo "== prometheus rules and alertmanager config"
  if prometheus/test.sh; then rules_passed=1; else rules_failed=1; fi
fi

echo "== boards as code (npm ci, tsc --strict, regenerate and diff)"
if check_boards; then boards_passed=1; boards_failed=0; else boards_passed=0; boards_failed=1; fi

echo "== docker-compose config"
if docker-compose config -q; then compose_passed=1; compose_failed=0; else compose_passed=0; compose_failed=1; fi

echo "== deployment (kubernetes manifests, their exporter configs, docker-compose cluster profile)"
check_deploy || true   # counts in deploy_passed / deploy_failed

passed=$(( ${dotnet_passed:-0} + rules_passed + boards_passed + compose_passed + deploy_passed ))
failed=$(( ${dotnet_failed:-0} + rules_failed + boards_failed + compose_failed + deploy_failed ))
[ "$dotnet_status" -eq 0 ] && [ "$native_status" -eq 0 ] || [ "$failed" -gt 0 ] || failed=1
echo
echo "dotnet tests (incl. the process tests again on the NativeAOT build): ${dotnet_passed:-0} passed, ${dotnet_failed:-0} failed; prometheus/ suite: $rules_passed passed, $rules_failed failed; boards: $boards_passed passed, $boards_failed failed; docker-compose config: $compose_passed passed, $compose_failed failed; deployment: $deploy_passed passed, $deploy_failed failed"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
