#!/usr/bin/env bash
# Run time of every built-in KPI on demo data at a given scale (default 100), one query at a time, with a
# baseline measured in the same run: a full count(*) of request_log (the largest table). Prints a
# markdown table (seconds and ratio to the baseline) for docs/kpi-timings.md, after the total: one full
# refresh of the catalog, the database time of every KPI added up. bench/refresh.sh runs it at two scales.
# Usage: bench/kpi-timings.sh [--scale N] [--keep] [--connection CONN] [--exporter DIR]
#   --keep            leave the database cluster running
#   --connection CONN measure a database seeded before (e.g. by --keep) instead of starting and seeding one
#   --exporter DIR    run an exporter published before (e.g. from another checkout) instead of this one
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/services.sh
scale=100; keep=0; db=""; published=""
while [ $# -gt 0 ]; do
  case "$1" in
    --scale) scale=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    --connection) db=$2; shift 2 ;;
    --exporter) published=$2; shift 2 ;;
    *) echo "usage: $0 [--scale N] [--keep] [--connection CONN] [--exporter DIR]" >&2; exit 2 ;;
  esac
done
work=$(mktemp -d)
if [ -n "$published" ]; then
  exporter=(dotnet "$published/exporter.dll")
else
  dotnet publish src/Exporter -c Release -o "$work/exporter" --nologo -v quiet >/dev/null
  exporter=(dotnet "$work/exporter/exporter.dll")
fi

if [ -n "$db" ]; then
  seeded="reused"
else
  ensure_packages
  start_throwaway_postgres 57432
  [ "$keep" = 1 ] || trap stop_throwaway_postgres EXIT
  db="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Password=$PG_PASSWORD"
  "${exporter[@]}" demo init --connection "$db" >&2
  start=$(date +%s)
  "${exporter[@]}" demo seed --connection "$db" --scale "$scale" >&2
  seeded="seeded in $(( $(date +%s) - start ))s"
  as_pg "$(pg_bin_dir)/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "VACUUM ANALYZE" >/dev/null 2>&1 \
    || PGPASSWORD=$PG_PASSWORD psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "VACUUM ANALYZE"
  if [ "$keep" = 1 ]; then echo "kept: PostgreSQL on port $PG_PORT, data in $PG_DIR, password in $PG_DIR/pwfile" >&2; fi
fi

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

grep '^exporter_kpi_query_duration_seconds_sum{' "$work/once.txt" | grep -v bench_baseline \
  | sed -E 's/.*kpi="([^"]+)".* ([0-9.e+-]+)$/\1 \2/' | sort -k2 -g -r >"$work/kpis.txt"
total=$(awk '{ s += $2 } END { printf "%.3f", s }' "$work/kpis.txt")

echo "Scale $scale, $seeded. Baseline (count(*) of request_log): ${baseline}s."
echo "Full refresh: $(wc -l <"$work/kpis.txt") KPIs, total database time ${total}s, $(awk -v t="$total" -v b="$baseline" 'BEGIN { printf "%.2f", t / b }') x the baseline."
echo
echo "| KPI | seconds | ratio to baseline |"
echo "|---|---:|---:|"
awk -v b="$baseline" '{ printf "| %s | %.3f | %.2f |\n", $1, $2, $2 / b }' "$work/kpis.txt"
if [ -s "$work/once.err" ]; then echo; echo "Failures:"; cat "$work/once.err"; fi
rm -rf "$work"
