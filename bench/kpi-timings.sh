#!/usr/bin/env bash
# Run time of every built-in KPI on demo data at a given scale (default 100), one query at a time, with a
# baseline measured in the same run: a full count(*) of request_log (the largest table). Prints a
# markdown table (seconds and ratio to the baseline) for docs/kpi-timings.md.
# Usage: bench/kpi-timings.sh [--scale N] [--keep]   (--keep leaves the database cluster running)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/services.sh
scale=100; keep=0
while [ $# -gt 0 ]; do
  case "$1" in
    --scale) scale=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    *) echo "usage: $0 [--scale N] [--keep]" >&2; exit 2 ;;
  esac
done
ensure_packages
start_throwaway_postgres 57432
[ "$keep" = 1 ] || trap stop_throwaway_postgres EXIT
work=$(mktemp -d)
db="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Password=$PG_PASSWORD"
dotnet publish src/Exporter -c Release -o "$work/exporter" --nologo -v quiet >/dev/null
exporter=(dotnet "$work/exporter/exporter.dll")

"${exporter[@]}" demo init --connection "$db" >&2
start=$(date +%s)
"${exporter[@]}" demo seed --connection "$db" --scale "$scale" >&2
seed_seconds=$(( $(date +%s) - start ))
as_pg "$(pg_bin_dir)/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "VACUUM ANALYZE" >/dev/null 2>&1 \
  || PGPASSWORD=$PG_PASSWORD psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "VACUUM ANALYZE"

cat >"$work/bench.yaml" <<YAML
defaults:
  timeout: 10m
datasources:
  - name: bench
    connection_string: "$db"
    max_concurrency: 1
packs: [revenue, sales, engagement, learning, satisfaction, support, marketplace, technical]
kpis:
  - name: bench_baseline_request_log_count
    help: Baseline, a full count of request_log.
    sql: select count(*) as value from request_log
YAML
# Twice: the first run warms the cache, the second is measured.
"${exporter[@]}" once --config "$work/bench.yaml" >/dev/null 2>&1 || true
"${exporter[@]}" once --config "$work/bench.yaml" >"$work/once.txt" 2>"$work/once.err" || true
baseline=$(grep '^exporter_kpi_query_duration_seconds_sum{kpi="bench_baseline_request_log_count"' "$work/once.txt" | awk '{print $2}')

echo "Scale $scale, seeded in ${seed_seconds}s. Baseline (count(*) of request_log): ${baseline}s."
echo
echo "| KPI | seconds | ratio to baseline |"
echo "|---|---:|---:|"
grep '^exporter_kpi_query_duration_seconds_sum{' "$work/once.txt" | grep -v bench_baseline \
  | sed -E 's/.*kpi="([^"]+)".* ([0-9.e+-]+)$/\1 \2/' | sort -k2 -g -r \
  | awk -v b="$baseline" '{ printf "| %s | %.3f | %.2f |\n", $1, $2, $2 / b }'
if [ -s "$work/once.err" ]; then echo; echo "Failures:"; cat "$work/once.err"; fi
rm -rf "$work"
