#!/usr/bin/env bash
# /metrics throughput, p99 latency and RSS at 10,000 KPI series (one KPI, two labels, about 1.35 MB), against Debian's
# prometheus-sql-exporter serving the same query's result from its cache, measured in the same run. Each build
# is measured twice, alternately with the others (plain, then with Accept-Encoding: gzip as Prometheus sends it),
# so a busy machine hits every side alike; the table gives the mean of the two rounds and the ratio to the peer.
# This checkout is measured as its JIT build and as its NativeAOT executable. Optionally another checkout's build too (--baseline DIR, e.g. a `git worktree add` of an older commit).
# Installs wrk and prometheus-sql-exporter with apt-get when missing; never runs the peer as a service.
# Usage: bench/scrape.sh [--baseline DIR] [--series N] [--duration 8s]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/services.sh
baseline="" series=10000 duration=8s
while [ $# -gt 0 ]; do
  case $1 in
    --baseline) baseline=$2; shift 2 ;;
    --series) series=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v prometheus-sql-exporter >/dev/null || missing+=(prometheus-sql-exporter)
if [ ${#missing[@]} -gt 0 ]; then
  as_root apt-get update -qq
  # The package's service must not start on its own: we start the peer ourselves, on a free port.
  echo exit 101 | as_root tee /usr/sbin/policy-rc.d >/dev/null && as_root chmod +x /usr/sbin/policy-rc.d
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  as_root rm -f /usr/sbin/policy-rc.d
fi
ensure_packages
start_throwaway_postgres 57432
work=$(mktemp -d)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; stop_throwaway_postgres; rm -rf "$work"; }
trap cleanup EXIT

connection="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Password=$PG_PASSWORD"
PGPASSWORD=$PG_PASSWORD psql -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -c "
  create table bench_series as
  select 'customer_segment_' || (n % 100) || '_enterprise_emea' as segment,
         'subscription_plan_' || (n / 100) || '_annual_billing_eur' as plan, n * 1.5 as value
  from generate_series(0, $series - 1) n"
sql="select segment, plan, value from bench_series"

# This checkout twice: the JIT build (`dotnet exporter.dll`) and the NativeAOT executable (scripts/publish-native.sh).
builds=(jit=. native=.); [ -z "$baseline" ] || builds+=(baseline="$baseline")
for build in "${builds[@]}"; do
  if [ "${build%%=*}" = native ]; then
    scripts/publish-native.sh "$work/native" >/dev/null
  else
    dotnet publish "${build#*=}/src/Exporter" -c Release -o "$work/${build%%=*}" --nologo -v quiet >/dev/null
  fi
done
cat >"$work/exporter.yaml" <<YAML
datasources:
  - name: app
    connection_string: "$connection"
kpis:
  - name: kpi_bench
    help: Benchmark series.
    schedule: 1h
    max_series: $((series * 2))
    sql: $sql
YAML
cat >"$work/sql-exporter.yml" <<YAML
jobs:
  - name: bench
    interval: 1h
    connections:
      - "postgres://postgres:$PG_PASSWORD@127.0.0.1:$PG_PORT/postgres?sslmode=disable"
    queries:
      - name: kpi_bench
        help: Benchmark series.
        labels: [segment, plan]
        values: [value]
        query: $sql
YAML

# Starts every side on its own port and waits until it serves all the series.
declare -A url pid
port=$(free_port 19187)
for build in "${builds[@]}"; do
  name=${build%%=*}
  if [ -f "$work/$name/exporter.dll" ]; then command=(dotnet "$work/$name/exporter.dll"); else command=("$work/$name/exporter"); fi
  "${command[@]}" run --config "$work/exporter.yaml" --urls "http://127.0.0.1:$port" >"$work/$name.log" 2>&1 &
  pid[$name]=$!; pids+=($!); url[$name]="http://127.0.0.1:$port/metrics"
  port=$(free_port $((port + 1)))
done
prometheus-sql-exporter -config.file "$work/sql-exporter.yml" -web.listen-address "127.0.0.1:$port" >"$work/peer.log" 2>&1 &
pid[peer]=$!; pids+=($!); url[peer]="http://127.0.0.1:$port/metrics"
sides=("${!url[@]}")
for side in "${sides[@]}"; do
  for _ in $(seq 120); do
    n=$(curl -fsS "${url[$side]}" 2>/dev/null | grep -c '^[a-z_]*kpi_bench{' || true)
    [ "$n" -ge "$series" ] && break
    sleep 1
  done
  [ "$n" -ge "$series" ] || { echo "$side never served $series series (log: $(tail -5 "$work/$side.log" "$work/peer.log" 2>/dev/null))" >&2; exit 1; }
  curl -fsS "${url[$side]}" -o /dev/null  # warm-up: first request JIT, caches
done

# CPU time (user + system, in clock ticks) the process used so far.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
# wrk's requests/s and p99 (ms) for one side and encoding, and the server's CPU ms per request: on a busy
# machine throughput also measures the neighbours, CPU per scrape much less so.
measure() {
  local before after out; before=$(cpu_ticks "${pid[$1]}")
  out=$(wrk -t1 -c4 -d"$duration" --latency ${2:+-H "Accept-Encoding: $2"} "${url[$1]}")
  after=$(cpu_ticks "${pid[$1]}")
  awk -v ticks=$((after - before)) -v hz="$(getconf CLK_TCK)" '
       / requests in / { n = $1 }
       /Requests\/sec/ { rps = $2 }
       $1 == "99%" { v = $2; if (v ~ /us$/) ms = v / 1000; else if (v ~ /ms$/) ms = v + 0; else ms = v * 1000 }
       END { printf "%s %s %s\n", rps, ms, ticks * 1000 / hz / n }' <<<"$out"
}
declare -A sum_rps sum_p99 sum_cpu
for round in 1 2; do
  for encoding in identity gzip; do
    for side in "${sides[@]}"; do
      read -r rps p99 cpu < <(measure "$side" "$([ $encoding = gzip ] && echo gzip)")
      key="$side/$encoding"
      sum_rps[$key]=$(awk -v a="${sum_rps[$key]:-0}" -v b="$rps" 'BEGIN { print a + b }')
      sum_p99[$key]=$(awk -v a="${sum_p99[$key]:-0}" -v b="$p99" 'BEGIN { print a + b }')
      sum_cpu[$key]=$(awk -v a="${sum_cpu[$key]:-0}" -v b="$cpu" 'BEGIN { print a + b }')
      echo "round $round $key: $rps req/s, p99 $p99 ms, $cpu CPU ms/request" >&2
    done
  done
done

rss() { awk '/^VmRSS/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }
# RSS right after the load, then at rest: 15 s later, as between two Prometheus scrapes (the exporter hands the
# memory of a burst back once it is quiet: Runs/MemoryReturn).
declare -A rss_loaded rss_rest
for side in "${sides[@]}"; do rss_loaded[$side]=$(rss "${pid[$side]}"); done
sleep 15
for side in "${sides[@]}"; do rss_rest[$side]=$(rss "${pid[$side]}"); done
size() { curl -fsS ${2:+-H "Accept-Encoding: $2"} "${url[$1]}" | wc -c | awk '{ printf "%.2f", $1 / 1048576 }'; }
echo
echo "$series series, wrk -t1 -c4 -d$duration, mean of 2 alternating rounds; ratios = this side / prometheus-sql-exporter"
echo
echo "| side | encoding | body (MB) | requests/s | ratio | p99 (ms) | server CPU ms/request | ratio | RSS after load (MB) | ratio | RSS at rest (MB) | ratio |"
echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for encoding in identity gzip; do
  for side in "${sides[@]}"; do
    key="$side/$encoding"
    label=$([ "$side" = peer ] && echo prometheus-sql-exporter || echo "exporter ($side)")
    awk -v s="$label" -v e="$encoding" -v b="$(size "$side" "$([ $encoding = gzip ] && echo gzip)")" \
        -v r="${sum_rps[$key]}" -v pr="${sum_rps[peer/$encoding]}" -v p="${sum_p99[$key]}" \
        -v c="${sum_cpu[$key]}" -v pc="${sum_cpu[peer/$encoding]}" \
        -v m="${rss_loaded[$side]}" -v pm="${rss_loaded[peer]}" -v q="${rss_rest[$side]}" -v pq="${rss_rest[peer]}" \
        'BEGIN { printf "| %s | %s | %s | %.0f | %.1fx | %.1f | %.2f | %.3f | %s | %.2f | %s | %.2f |\n", s, e, b, r / 2, r / pr, p / 2, c / 2, c / pc, m, m / pm, q, q / pq }'
  done
done
