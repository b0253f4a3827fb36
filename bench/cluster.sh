#!/usr/bin/env bash
# What a cluster costs: the same KPIs (trivial queries on a 1 s schedule) run by one exporter with the in-memory
# scheduler, then by a cluster of REPLICAS replicas on a state database, each for SECONDS after a warm-up.
# Prints, per mode: KPI runs, exporter CPU time per run (all replicas), and on the state database per 1,000 runs:
# transactions, rows inserted/updated/deleted, WAL bytes, plus the state tables' size at the end.
# Usage: bench/cluster.sh [--kpis N] [--seconds S] [--replicas R]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/services.sh
kpis=40; seconds=60; replicas=2
while [ $# -gt 0 ]; do
  case "$1" in
    --kpis) kpis=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --replicas) replicas=$2; shift 2 ;;
    *) echo "usage: bench/cluster.sh [--kpis N] [--seconds S] [--replicas R]" >&2; exit 2 ;;
  esac
done
ensure_packages
start_throwaway_postgres 59532
work=$(mktemp -d)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; stop_throwaway_postgres; rm -rf "$work"; }
trap cleanup EXIT
admin="postgresql://postgres:$PG_PASSWORD@127.0.0.1:$PG_PORT"
psql_q() { PGPASSWORD=$PG_PASSWORD psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d "$1" -Atq -c "$2"; }
psql_q postgres "CREATE DATABASE app" ; psql_q postgres "CREATE DATABASE state"
dotnet publish src/Exporter -c Release -o "$work/exporter" --nologo -v quiet >/dev/null

config() {  # MODE INSTANCE
  echo "datasources:"
  echo "  - name: app"
  echo "    connection_string: \"Host=127.0.0.1;Port=$PG_PORT;Database=app;Username=postgres;Password=$PG_PASSWORD\""
  echo "    max_concurrency: 8"
  if [ "$1" = cluster ]; then
    echo "cluster:"
    echo "  connection_string: \"Host=127.0.0.1;Port=$PG_PORT;Database=state;Username=postgres;Password=$PG_PASSWORD\""
    echo "  instance_id: $2"
  fi
  echo "kpis:"
  for i in $(seq 1 "$kpis"); do
    printf '  - name: kpi_bench_%03d\n    schedule: 1s\n    sql: SELECT %d AS value\n' "$i" "$i"
  done
}

# Sum of a family's samples on one replica.
scrape_sum() { curl -fsS "http://127.0.0.1:$1/metrics" | awk -v m="$2" '$1 ~ "^"m"({|$)" { s += $2 } END { printf "%.6f", s }'; }
state_counters() {  # transactions, inserted, updated, deleted, WAL lsn (bytes)
  psql_q state "SELECT (SELECT xact_commit FROM pg_stat_database WHERE datname = 'state'),
    coalesce(sum(n_tup_ins), 0), coalesce(sum(n_tup_upd), 0), coalesce(sum(n_tup_del), 0),
    pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint FROM pg_stat_user_tables" | tr '|' ' '
}

echo "| mode | KPI runs | exporter CPU ms / run | state txns / 1k runs | rows ins / upd / del per 1k runs | WAL kB / 1k runs | state tables |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for mode in memory cluster; do
  n=1; [ "$mode" = memory ] || n=$replicas
  ports=()
  for r in $(seq 1 "$n"); do
    port=$(free_port $((19300 + r))); ports+=("$port")
    config "$mode" "bench-$r" >"$work/$mode-$r.yaml"
    dotnet "$work/exporter/exporter.dll" run --config "$work/$mode-$r.yaml" --urls "http://127.0.0.1:$port" >"$work/$mode-$r.log" 2>&1 &
    pids+=($!)
  done
  for port in "${ports[@]}"; do
    for _ in $(seq 1 120); do curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break; sleep 0.5; done
  done
  sleep 10 # warm-up: JIT, pools, first runs spread
  runs0=$(scrape_sum "${ports[0]}" exporter_kpi_query_duration_seconds_count)
  cpu0=0; for port in "${ports[@]}"; do cpu0=$(awk -v a="$cpu0" -v b="$(scrape_sum "$port" process_cpu_seconds_total)" 'BEGIN { print a + b }'); done
  read -r tx0 ins0 upd0 del0 wal0 < <(state_counters)
  sleep "$seconds"
  runs1=$(scrape_sum "${ports[0]}" exporter_kpi_query_duration_seconds_count)
  cpu1=0; for port in "${ports[@]}"; do cpu1=$(awk -v a="$cpu1" -v b="$(scrape_sum "$port" process_cpu_seconds_total)" 'BEGIN { print a + b }'); done
  sleep 1 # the statistics collector reports with a short delay
  read -r tx1 ins1 upd1 del1 wal1 < <(state_counters)
  size=$(psql_q state "SELECT coalesce(pg_size_pretty(sum(pg_total_relation_size(relid))), '0 bytes') FROM pg_stat_user_tables")
  awk -v mode="$mode ($n)" -v r0="$runs0" -v r1="$runs1" -v c0="$cpu0" -v c1="$cpu1" -v t="$((tx1 - tx0))" -v i="$((ins1 - ins0))" \
    -v u="$((upd1 - upd0))" -v d="$((del1 - del0))" -v w="$((wal1 - wal0))" -v s="$size" 'BEGIN {
      runs = r1 - r0; k = runs / 1000
      printf "| %s | %d | %.2f | %.0f | %.0f / %.0f / %.0f | %.0f | %s |\n", mode, runs, (c1 - c0) * 1000 / runs, t / k, i / k, u / k, d / k, w / 1024 / k, s }'
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  pids=()
done
echo
echo "(${kpis} KPIs on a 1 s schedule, ${seconds} s measured after a 10 s warm-up; WAL is the whole server's: the KPIs themselves write none.)"
