#!/usr/bin/env bash
# What the exporter's memory is made of, and the start-up time of `once` (cron, CI). RSS of: an empty console app
# (the runtime alone), an empty ASP.NET Core host like ours (+ Kestrel, routing), then `run` after 200 scrapes
# (half gzip) with no KPI at all (+ Quartz, prometheus-net, our code), one KPI of one row (+ Npgsql, one query) and
# one KPI of 10,000 series (+ the series); for each build and for runtime settings given as environment variables
# (e.g. the GC's), all in the same run. `once` is timed 5 times per build, alternately.
# --publish NAME="ARGS" adds a build of this checkout published with extra arguments, e.g.
#   --publish r2r="-r linux-x64 --self-contained false -p:PublishReadyToRun=true" --publish aot="-r linux-x64 -p:PublishAot=true"
# Usage: bench/memory.sh [--baseline DIR] [--publish NAME="ARGS"]... [--env "NAME=VALUE ..."]...
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/services.sh
baseline="" envs=("") variants=()
while [ $# -gt 0 ]; do
  case $1 in
    --baseline) baseline=$2; shift 2 ;;
    --env) envs+=("$2"); shift 2 ;;
    --publish) variants+=("$2"); shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
ensure_packages
start_throwaway_postgres 58432
work=$(mktemp -d)
server=""
cleanup() { [ -z "$server" ] || kill "$server" 2>/dev/null || true; stop_throwaway_postgres; rm -rf "$work"; }
trap cleanup EXIT
connection="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Password=$PG_PASSWORD"
PGPASSWORD=$PG_PASSWORD psql -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -c "
  create table bench_series as
  select 'customer_segment_' || (n % 100) || '_enterprise_emea' as segment,
         'subscription_plan_' || (n / 100) || '_annual_billing_eur' as plan, n * 1.5 as value from generate_series(0, 9999) n"

builds=(current=.); [ -z "$baseline" ] || builds+=(baseline="$baseline")
for build in "${builds[@]}"; do
  dotnet publish "${build#*=}/src/Exporter" -c Release -o "$work/${build%%=*}" --nologo -v quiet
done
for variant in "${variants[@]}"; do
  # Warnings stay warnings here: the point is to measure a variant, e.g. NativeAOT's, before its warnings are fixed.
  # shellcheck disable=SC2086
  dotnet publish src/Exporter -c Release -o "$work/${variant%%=*}" --nologo -v quiet -p:TreatWarningsAsErrors=false ${variant#*=}
  builds+=("${variant%%=*}=.")
done
# The parts below the exporter: the runtime alone, and the same empty web host as ours (ExporterHost.BuildService).
mkdir -p "$work/src/console" "$work/src/host"
cat >"$work/src/console/console.csproj" <<'XML'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><ImplicitUsings>enable</ImplicitUsings><InvariantGlobalization>true</InvariantGlobalization></PropertyGroup>
</Project>
XML
echo 'System.Threading.Thread.Sleep(System.Threading.Timeout.Infinite);' >"$work/src/console/Program.cs"
sed 's/Microsoft.NET.Sdk/Microsoft.NET.Sdk.Web/; s/console/host/' "$work/src/console/console.csproj" >"$work/src/host/host.csproj"
cat >"$work/src/host/Program.cs" <<'CS'
var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
builder.WebHost.UseKestrelCore().UseUrls(args[0]);
builder.Services.AddRoutingCore();
var app = builder.Build();
app.MapGet("/readyz", () => "ok");
app.MapGet("/metrics", () => "x 1\n");
app.Run();
CS
for app in console host; do
  dotnet publish "$work/src/$app" -c Release -o "$work/$app" --nologo -v quiet
done
kpi() {
  cat <<YAML
datasources:
  - name: app
    connection_string: "$connection"
kpis:
  - name: kpi_bench
    help: Benchmark series.
    schedule: 1h
    max_series: 20000
    sql: $1
YAML
}
printf 'datasources:\n  - name: app\n    connection_string: "%s"\nkpis: []\n' "$connection" >"$work/none.yaml"
kpi "select 1 as value" >"$work/one.yaml"
kpi "select segment, plan, value from bench_series" >"$work/series.yaml"

# The exporter of a build: through `dotnet`, or the native executable (NativeAOT).
exporter_command() {
  if [ -f "$work/$1/exporter.dll" ]; then cmd=(dotnet "$work/$1/exporter.dll"); else cmd=("$work/$1/exporter"); fi
}
# RSS (MB) of `run` with a config, and its anonymous part, after it served /metrics 200 times (100 gzip, 100 plain).
# Build "console" and "host" are the empty apps (the console app serves nothing: measured after 2 s).
rss_of() {
  local build=$1 config=$2 settings=$3 port; port=$(free_port 18187)
  case $build in
    console) env $settings dotnet "$work/console/console.dll" >"$work/run.log" 2>&1 & ;;
    host) env $settings dotnet "$work/host/host.dll" "http://127.0.0.1:$port" >"$work/run.log" 2>&1 & ;;
    *) exporter_command "$build"; env $settings "${cmd[@]}" run --config "$work/$config.yaml" --urls "http://127.0.0.1:$port" >"$work/run.log" 2>&1 & ;;
  esac
  server=$!
  if [ "$build" = console ]; then sleep 2; else
    for _ in $(seq 120); do curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break; sleep 0.5; done
    for _ in $(seq 100); do
      curl -fsS -H 'Accept-Encoding: gzip' "http://127.0.0.1:$port/metrics" -o /dev/null
      curl -fsS "http://127.0.0.1:$port/metrics" -o /dev/null
    done
  fi
  sleep 1
  awk '/^VmRSS/ { rss = $2 } /^RssAnon/ { anon = $2 } END { printf "%.1f (%.1f)", rss / 1024, anon / 1024 }' "/proc/$server/status"
  kill "$server"; wait "$server" 2>/dev/null || true; server=""
}

echo "RSS in MB after 200 scrapes, (in brackets) its anonymous part: heaps, stacks; the rest is mapped files and JIT code"
echo
echo "| build | settings | empty console app | empty web host | no KPI | 1 KPI, 1 row | 10,000 series |"
echo "|---|---|---:|---:|---:|---:|---:|"
for settings in "${envs[@]}"; do
  parts="| $(rss_of console - "$settings") | $(rss_of host - "$settings")"
  for build in "${builds[@]}"; do
    name=${build%%=*}
    echo "| $name | ${settings:-as built} $parts | $(rss_of "$name" none "$settings") | $(rss_of "$name" one "$settings") | $(rss_of "$name" series "$settings") |"
  done
done

echo
echo "| build | \`once\` wall time, 1 KPI (s, mean of 5) | peak RSS (MB) |"
echo "|---|---:|---:|"
command -v /usr/bin/time >/dev/null || as_root apt-get install -y -qq time >/dev/null
declare -A total peak
for _ in 1 2 3 4 5; do
  for build in "${builds[@]}"; do
    name=${build%%=*}
    exporter_command "$name"
    /usr/bin/time -f "%e %M" -o "$work/time" "${cmd[@]}" once --config "$work/one.yaml" >/dev/null 2>&1
    read -r seconds kb <"$work/time"
    total[$name]=$(awk -v a="${total[$name]:-0}" -v b="$seconds" 'BEGIN { print a + b }')
    peak[$name]=$kb
  done
done
for build in "${builds[@]}"; do
  name=${build%%=*}
  awk -v n="$name" -v t="${total[$name]}" -v k="${peak[$name]}" 'BEGIN { printf "| %s | %.2f | %.1f |\n", n, t / 5, k / 1024 }'
done
