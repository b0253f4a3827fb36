#!/usr/bin/env bash
# Peak RSS and wall time of `exporter once` for one KPI returning N rows (default 1,000 and 10,000,000) with
# max_series 1000: memory must not grow with the rows a query returns. Optionally the same for another build
# (--baseline DIR: a checkout to compare with, built here), so both are measured in one run.
# Usage: bench/max-series-memory.sh [--baseline DIR] [ROWS ...]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/services.sh
baseline=""
if [ "${1:-}" = --baseline ]; then baseline=$2; shift 2; fi
rows=("$@"); [ ${#rows[@]} -gt 0 ] || rows=(1000 10000000)
command -v /usr/bin/time >/dev/null || as_root apt-get install -y -qq time >/dev/null
ensure_packages
start_throwaway_postgres 59432
work=$(mktemp -d)
trap 'stop_throwaway_postgres; rm -rf "$work"' EXIT
builds=(current=.); [ -z "$baseline" ] || builds+=(baseline="$baseline")
for build in "${builds[@]}"; do
  dotnet publish "${build#*=}/src/Exporter" -c Release -o "$work/${build%%=*}" --nologo -v quiet >/dev/null
done
echo "| build | rows | peak RSS (MB) | wall time (s) |"
echo "|---|---:|---:|---:|"
for n in "${rows[@]}"; do
  cat >"$work/config.yaml" <<YAML
datasources:
  - name: app
    connection_string: "Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Password=$PG_PASSWORD"
defaults: { timeout: 10m, max_series: 1000 }
kpis:
  - name: kpi_rows
    sql: select g::text as id, g as value from generate_series(1, $n) g
YAML
  for build in "${builds[@]}"; do
    name=${build%%=*}
    /usr/bin/time -f "%M %e" -o "$work/time" dotnet "$work/$name/exporter.dll" once --config "$work/config.yaml" >/dev/null 2>&1 || true
    read -r rss seconds <"$work/time"
    awk -v b="$name" -v n="$n" -v r="$rss" -v s="$seconds" 'BEGIN { printf "| %s | %s | %.1f | %s |\n", b, n, r / 1024, s }'
  done
done
