#!/usr/bin/env bash
# The main command (see README.md): brings the whole demo up with synthetic data.
# - With a Docker engine: `docker compose up` (PostgreSQL seeded, exporter, Prometheus, Alertmanager, Grafana).
# - Without one: installs PostgreSQL, Prometheus and Alertmanager from Debian's packages if missing,
#   starts them on free local ports, seeds the demo database, starts the exporter and prints the URLs.
#   Ctrl+C stops everything. Options: --scale N (default 1), --no-wait (start, print, and exit; for tests).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
source scripts/lib/services.sh

scale=1; wait_for_ctrl_c=1
while [ $# -gt 0 ]; do
  case "$1" in
    --scale) scale=$2; shift 2 ;;
    --no-wait) wait_for_ctrl_c=0; shift ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

if [ "${EXPORTER_DEMO_NO_DOCKER:-}" != 1 ] && command -v docker >/dev/null && docker info >/dev/null 2>&1; then
  exec docker compose up --build
fi

ensure_packages
state="$root/.tmp/demo"
rm -rf "$state" && mkdir -p "$state"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  stop_throwaway_postgres
}
trap cleanup EXIT

start_throwaway_postgres 55432
# Secrets travel in the environment, never in a command line (ps shows those) nor on the terminal:
# the admin connection for `demo init` / `demo seed`, and the password of the read-only login the exporter uses.
export EXPORTER_DEMO_CONNECTION="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Password=$PG_PASSWORD"
export EXPORTER_DEMO_READER_PASSWORD
EXPORTER_DEMO_READER_PASSWORD=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 20)

echo "== building the exporter"
dotnet publish src/Exporter -c Release -o "$state/exporter" --nologo -v quiet >/dev/null
exporter=(dotnet "$state/exporter/exporter.dll")

echo "== demo init (schema, read-only login kpi_reader) + demo seed --scale $scale"
"${exporter[@]}" demo init
"${exporter[@]}" demo seed --scale "$scale"

exporter_port=$(free_port 9187)
prometheus_port=$(free_port 9090)
alertmanager_port=$(free_port 9093)
cluster_port=$(free_port 9094)

cat >"$state/exporter.yaml" <<YAML
server:
  listen: "http://127.0.0.1:$exporter_port"
datasources:
  - name: app
    connection_string: "Host=127.0.0.1;Port=$PG_PORT;Database=postgres;Username=kpi_reader;Password=\${DEMO_READER_PASSWORD}"
packs: [revenue, sales, engagement, learning, satisfaction, support, marketplace, technical]
probes:
  - name: prometheus
    url: http://127.0.0.1:$prometheus_port/-/healthy
    schedule: 15s
  - name: exporter
    url: http://127.0.0.1:$exporter_port/healthz
    schedule: 15s
YAML
# Keep the 5-minute technical KPIs live: append fresh request and session rows while the demo runs.
"${exporter[@]}" demo seed --append --follow --scale "$scale" >"$state/follow.log" 2>&1 &
pids+=($!)
# The exporter gets the reader's password only, not the admin connection.
env -u EXPORTER_DEMO_CONNECTION -u EXPORTER_DEMO_READER_PASSWORD DEMO_READER_PASSWORD="$EXPORTER_DEMO_READER_PASSWORD" \
  "${exporter[@]}" run --config "$state/exporter.yaml" >"$state/exporter.log" 2>&1 &
pids+=($!)

# Prometheus: the repo's config and rules, with the targets pointed at this machine's ports.
sed -e "s#exporter:9187#127.0.0.1:$exporter_port#; s#alertmanager:9093#127.0.0.1:$alertmanager_port#" \
    -e "s#- rules/#- $root/prometheus/rules/#" prometheus/prometheus.yml >"$state/prometheus.yml"
prometheus --config.file="$state/prometheus.yml" --storage.tsdb.path="$state/prometheus-data" \
  --web.listen-address="127.0.0.1:$prometheus_port" >"$state/prometheus.log" 2>&1 &
pids+=($!)
prometheus-alertmanager --config.file=prometheus/alertmanager.yml --storage.path="$state/alertmanager-data" \
  --web.listen-address="127.0.0.1:$alertmanager_port" --cluster.listen-address="127.0.0.1:$cluster_port" >"$state/alertmanager.log" 2>&1 &
pids+=($!)

for i in $(seq 1 60); do
  curl -fsS "http://127.0.0.1:$exporter_port/readyz" >/dev/null 2>&1 && break
  sleep 1
done
cat <<TXT

Exporter demo is up (logs in .tmp/demo/):
  Exporter      http://127.0.0.1:$exporter_port/        (KPIs, /metrics, /status)
  Prometheus    http://127.0.0.1:$prometheus_port/
  Alertmanager  http://127.0.0.1:$alertmanager_port/
  PostgreSQL    127.0.0.1:$PG_PORT, database postgres (demo data, scale $scale); the exporter logs in as
                kpi_reader (SELECT only). Passwords are not printed: the admin's is in $PG_DIR/pwfile.
Grafana boards (dashboards/) need Grafana: with Docker, this script runs 'docker compose up' instead.
TXT
if [ "$wait_for_ctrl_c" = 1 ]; then
  echo "Ctrl+C stops everything."
  wait "${pids[@]}"
else
  trap - EXIT
  echo "pids: ${pids[*]} (postgres in $PG_DIR)"
fi
