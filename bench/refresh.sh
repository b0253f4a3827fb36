#!/usr/bin/env bash
# One full refresh of the built-in catalog (every KPI of every pack, one query at a time, warm cache) at two or
# more demo scales, with bench/kpi-timings.sh: total database time and the top 5 KPIs per scale, then how each
# grows from the first scale to the last. Each scale is seeded in its own throwaway PostgreSQL unless a
# database seeded before is given for it.
# Usage: bench/refresh.sh [--scale N]... [--connection N=CONN]... [--exporter DIR] [--tables DIR]
#   --scale N            a scale to measure (default: 10 and 100)
#   --connection N=CONN  reuse the database CONN, seeded before at scale N (no seeding)
#   --exporter DIR       run an exporter published before (e.g. another checkout's) instead of this one
#   --tables DIR         also keep each scale's full kpi-timings.sh table there, as N.md
set -euo pipefail
cd "$(dirname "$0")/.."
scales=(); declare -A connections=(); passthrough=(); tables=
while [ $# -gt 0 ]; do
  case "$1" in
    --scale) scales+=("$2"); shift 2 ;;
    --connection) connections[${2%%=*}]=${2#*=}; shift 2 ;;
    --exporter) passthrough+=(--exporter "$2"); shift 2 ;;
    --tables) tables=$2; shift 2 ;;
    *) echo "usage: $0 [--scale N]... [--connection N=CONN]... [--exporter DIR] [--tables DIR]" >&2; exit 2 ;;
  esac
done
[ ${#scales[@]} -gt 0 ] || scales=(10 100)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT

for scale in "${scales[@]}"; do
  args=(--scale "$scale" "${passthrough[@]}")
  [ -z "${connections[$scale]:-}" ] || args+=(--connection "${connections[$scale]}")
  echo "== scale $scale" >&2
  bench/kpi-timings.sh "${args[@]}" >"$work/$scale.md"
  [ -z "$tables" ] || { mkdir -p "$tables"; cp "$work/$scale.md" "$tables/$scale.md"; }
  # "| kpi | seconds | ratio |" rows, largest first.
  grep -E '^\| kpi_' "$work/$scale.md" | awk -F'|' '{ gsub(/ /, "", $2); gsub(/ /, "", $3); print $2, $3 }' >"$work/$scale.txt"
done

for scale in "${scales[@]}"; do
  echo
  sed -n '1,2p' "$work/$scale.md"
  echo "Top 5:"
  head -5 "$work/$scale.txt" | awk '{ printf "  %-40s %8.3f s\n", $1, $2 }'
  if grep -q '^Failures:' "$work/$scale.md"; then sed -n '/^Failures:/,$p' "$work/$scale.md"; fi
done

first=${scales[0]}; last=${scales[${#scales[@]}-1]}
if [ "$first" != "$last" ]; then
  echo
  total() { awk '{ s += $2 } END { printf "%.3f", s }' "$work/$1.txt"; }
  echo "Growth from scale $first to scale $last (x$(awk -v a="$first" -v b="$last" 'BEGIN { printf "%g", b / a }') the data):"
  awk -v a="$(total "$first")" -v b="$(total "$last")" 'BEGIN { printf "  %-40s %8.3f s -> %8.3f s  x%.1f\n", "total database time", a, b, b / a }'
  # The top 5 of the larger scale, each against its own time at the smaller one.
  head -5 "$work/$last.txt" | while read -r kpi seconds; do
    before=$(awk -v k="$kpi" '$1 == k { print $2 }' "$work/$first.txt")
    awk -v k="$kpi" -v a="${before:-0}" -v b="$seconds" 'BEGIN { printf "  %-40s %8.3f s -> %8.3f s  x%s\n", k, a, b, (a > 0 ? sprintf("%.1f", b / a) : "-") }'
  done
fi
