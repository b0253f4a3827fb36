#!/usr/bin/env bash
# Runs the benchmarks against a throwaway PostgreSQL. Results are ratios to a baseline measured in the
# same run (BenchmarkDotNet's Ratio column), so they compare across machines. Extra args go to
# BenchmarkDotNet, e.g. bench/run.sh --filter '*KpiRun*' --job short
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/services.sh
ensure_packages
start_throwaway_postgres 56432
trap stop_throwaway_postgres EXIT
export EXPORTER_BENCH_PG="Host=127.0.0.1;Port=${PG_PORT};Username=postgres;Password=${PG_PASSWORD}"
dotnet run -c Release --project bench/Exporter.Bench -- --filter '*' --artifacts .tmp/bench "$@"
