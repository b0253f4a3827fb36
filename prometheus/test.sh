#!/usr/bin/env bash
# Checks everything under prometheus/: Prometheus config, rule files (with lint),
# rule conventions and test coverage, promtool unit tests, Alertmanager config
# and routing, and (when the alertmanager binary is installed) inhibition live.
#
# Run from anywhere; paths are resolved from the repository root:
#   prometheus/test.sh
# Exit code 0 when everything passed, 1 otherwise (every step runs, failures
# are listed at the end). Needs promtool and amtool (Debian: prometheus,
# prometheus-alertmanager).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

PROM_CONFIG=prometheus/prometheus.yml
AM_CONFIG=prometheus/alertmanager.yml
RULES=(prometheus/rules/*.yml)
TESTS=(prometheus/rules/tests/*.test.yml)
# Links are built from the one alerting:links:info series (rules/links.rules.yml).
RUNBOOK_PREFIX="'{{ with query \"alerting:links:info\" }}{{ . | first | label \"runbooks\" }}{{ end }}#"
DASHBOARD_PREFIX="'{{ with query \"alerting:links:info\" }}{{ . | first | label \"grafana\" }}{{ end }}/d/exporter-"

failures=()
if [[ -t 1 ]]; then GREEN=$'\e[32m'; RED=$'\e[31m'; BOLD=$'\e[1m'; RESET=$'\e[0m'; else GREEN=; RED=; BOLD=; RESET=; fi

section() { printf '\n%s== %s ==%s\n' "$BOLD" "$1" "$RESET"; }
pass() { printf '%sPASS%s %s\n' "$GREEN" "$RESET" "$1"; }
fail() { printf '%sFAIL%s %s\n' "$RED" "$RESET" "$1"; failures+=("$1"); }

# step "description" command...: runs the command, shows its output, records the result.
step() {
  local name=$1; shift
  local out
  if out=$("$@" 2>&1); then
    [[ -n $out ]] && printf '%s\n' "$out" | sed 's/^/    /'
    pass "$name"
  else
    [[ -n $out ]] && printf '%s\n' "$out" | sed 's/^/    /'
    fail "$name"
  fi
}

for tool in promtool amtool; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "error: $tool is not installed (apt-get install prometheus prometheus-alertmanager)" >&2
    exit 1
  fi
done
echo "promtool: $(promtool --version 2>&1 | head -n1)"
echo "amtool:   $(amtool --version 2>&1 | head -n1)"

# ---------------------------------------------------------------------------
section "Prometheus configuration"
# rule_files in prometheus.yml are relative to the config file; check config
# loads and checks them too.
step "promtool check config $PROM_CONFIG" promtool check config "$PROM_CONFIG"

section "Rule files"
lint=()
if promtool check rules --help 2>&1 | grep -q -- '--lint-fatal'; then
  lint=(--lint=all --lint-fatal)
fi
step "promtool check rules ${lint[*]} ${RULES[*]}" promtool check rules "${lint[@]}" "${RULES[@]}"

# ---------------------------------------------------------------------------
section "Rule conventions"
# One line per rule: kind, name, severity, team, summary, has_template, runbook_url, dashboard_url
rule_table() {
  # Fields are separated by \037 (unit separator): templates contain "|".
  awk -v US=$'\037' '
    function flush() {
      if (kind != "") print kind US name US sev US team US summary US tmpl US runbook US board
      kind = ""; name = ""; sev = ""; team = ""; summary = ""; tmpl = 0; runbook = ""; board = ""; indesc = 0
    }
    /^[[:space:]]*- (alert|record):/ {
      flush()
      kind = ($0 ~ /- alert:/) ? "alert" : "record"
      name = $0; sub(/^[^:]*:[[:space:]]*/, "", name); sub(/[[:space:]]+#.*$/, "", name)
      next
    }
    /^[[:space:]]*- name:/ { flush(); next }
    kind == "" { next }
    /^[[:space:]]+severity:/ { v = $0; sub(/^[^:]*:[[:space:]]*/, "", v); sev = v }
    /^[[:space:]]+team:/ { v = $0; sub(/^[^:]*:[[:space:]]*/, "", v); team = v }
    /^[[:space:]]+summary:/ { v = $0; sub(/^[^:]*:[[:space:]]*/, "", v); summary = v }
    /^[[:space:]]+runbook_url:/ { v = $0; sub(/^[^:]*:[[:space:]]*/, "", v); runbook = v; indesc = 0 }
    /^[[:space:]]+dashboard_url:/ { v = $0; sub(/^[^:]*:[[:space:]]*/, "", v); board = v; indesc = 0 }
    /^[[:space:]]+description:/ { indesc = 1 }
    indesc && /\{\{[^}]*\$(labels|value)/ { tmpl = 1 }
    END { flush() }
  ' "$@"
}

mapfile -t RULE_ROWS < <(rule_table "${RULES[@]}")
alerts=(); records=()
convention_errors=0
for row in "${RULE_ROWS[@]}"; do
  IFS=$'\037' read -r kind name sev team summary tmpl runbook board <<<"$row"
  if [[ $kind == record ]]; then
    records+=("$name")
    if [[ ! $name =~ ^[a-z_]+:[a-z0-9_]+:[a-z0-9_]+$ ]]; then
      echo "    recording rule $name: name is not level:metric:operations"; convention_errors=$((convention_errors + 1))
    fi
    continue
  fi
  alerts+=("$name")
  problems=()
  [[ $name =~ ^[A-Z][A-Za-z0-9]+$ ]] || problems+=("name is not CamelCase")
  case $sev in
    page|ticket) ;;
    none) [[ $name == Watchdog ]] || problems+=("severity none is for Watchdog only") ;;
    *) problems+=("severity '$sev' is not page|ticket") ;;
  esac
  [[ -n $summary && $summary == *. && $summary != *'{{'* ]] || problems+=("summary missing, templated or not ending in '.'")
  [[ $tmpl == 1 ]] || problems+=("description missing or not templated with \$labels/\$value")
  lower=$(tr '[:upper:]' '[:lower:]' <<<"$name")
  [[ $runbook == "$RUNBOOK_PREFIX$lower'" ]] || problems+=("runbook_url is not $RUNBOOK_PREFIX$lower'")
  if [[ $board != "$DASHBOARD_PREFIX"* ]]; then
    problems+=("dashboard_url does not start with $DASHBOARD_PREFIX")
  else
    uid=${board#"$DASHBOARD_PREFIX"}; uid="exporter-${uid%\'}"
    grep -q "uid: '$uid'" dashboards/src/boards/*.ts 2>/dev/null || grep -q "\"uid\": \"$uid\"" dashboards/*.json ||
      problems+=("dashboard_url names board $uid, which no dashboards/*.json has")
  fi
  # Every alert has its runbook section (docs/runbooks.md, a "### Name" heading).
  grep -qx "### $name" docs/runbooks.md || problems+=("no '### $name' section in docs/runbooks.md")
  if [[ $team == business && $sev != ticket ]]; then
    problems+=("business alerts are tickets, never pages")
  fi
  if grep -q "^[[:space:]]*- alert: $name\$" prometheus/rules/business.alerts.yml && [[ $team != business ]]; then
    problems+=("business alert without team: business")
  fi
  for p in "${problems[@]}"; do
    echo "    alert $name ($sev): $p"; convention_errors=$((convention_errors + 1))
  done
done
mapfile -t alert_names < <(printf '%s\n' "${alerts[@]}" | sort -u)
echo "    ${#records[@]} recording rules, ${#alerts[@]} alerting rules (${#alert_names[@]} alert names)"
if [[ $convention_errors -eq 0 ]]; then
  pass "names, labels, annotations and runbook URLs follow the conventions"
else
  fail "rule conventions ($convention_errors problems)"
fi

section "Test coverage"
coverage_errors=0
# Every recording rule has a promql_expr_test whose expr is exactly its name.
for r in "${records[@]}"; do
  if ! grep -Eq "^[[:space:]]*- expr:[[:space:]]*'?${r}'?[[:space:]]*$" "${TESTS[@]}"; then
    echo "    recording rule $r has no promql_expr_test"; coverage_errors=$((coverage_errors + 1))
  fi
done
# Every alert has a firing case and a quiet case (Watchdog always fires).
mapfile -t CASES < <(awk '
  /^[[:space:]]+alertname:/ { a = $0; sub(/^[^:]*:[[:space:]]*/, "", a); sub(/[[:space:]]+#.*$/, "", a) }
  /^[[:space:]]+exp_alerts:/ {
    v = $0; sub(/^[^:]*:[[:space:]]*/, "", v); sub(/[[:space:]]*#.*$/, "", v)
    print a "|" ((v == "[]") ? "quiet" : "firing")
  }' "${TESTS[@]}" | sort -u)
# A here-string, not `printf | grep -q`: with pipefail, grep -q exiting at the first match can SIGPIPE the
# printf and fail the pipeline, reporting a case that exists as missing (seen on a loaded machine).
cases_text=$(printf '%s\n' "${CASES[@]}")
for a in "${alert_names[@]}"; do
  grep -qx "$a|firing" <<<"$cases_text" || { echo "    alert $a has no firing test case"; coverage_errors=$((coverage_errors + 1)); }
  if [[ $a != Watchdog ]]; then
    grep -qx "$a|quiet" <<<"$cases_text" || { echo "    alert $a has no quiet test case"; coverage_errors=$((coverage_errors + 1)); }
  fi
done
if [[ $coverage_errors -eq 0 ]]; then
  pass "every recording rule has a promql_expr_test; every alert a firing and a quiet case"
else
  fail "test coverage ($coverage_errors gaps)"
fi

# ---------------------------------------------------------------------------
section "Rule unit tests"
groups=$(cat "${TESTS[@]}" | grep -cE '^  - name:')
alert_checks=$(grep -hE '^[[:space:]]+alertname:' "${TESTS[@]}" | wc -l)
expr_checks=$(grep -hE '^[[:space:]]+- expr:' "${TESTS[@]}" | wc -l)
step "promtool test rules (${#TESTS[@]} files, $groups test groups, $alert_checks alert checks, $expr_checks expression checks)" \
  promtool test rules "${TESTS[@]}"

# ---------------------------------------------------------------------------
section "Alertmanager configuration"
step "amtool check-config $AM_CONFIG" amtool check-config "$AM_CONFIG"

section "Alertmanager routing"
route() {  # route EXPECTED_RECEIVER label=value...
  local expected=$1; shift
  local got
  if got=$(amtool config routes test --config.file="$AM_CONFIG" --verify.receivers="$expected" "$@" 2>/dev/null); then
    pass "$* -> $expected"
  else
    fail "$* -> expected $expected, got ${got//$'\n'/ }"
  fi
}
# Every alert's label set, from the rule files, to the receiver the policy wants.
declare -A seen=()
for row in "${RULE_ROWS[@]}"; do
  IFS=$'\037' read -r kind name sev team _ <<<"$row"
  [[ $kind == alert ]] || continue
  key="$name|$sev|$team"; [[ -z ${seen[$key]:-} ]] || continue; seen[$key]=1
  labels=(alertname="$name" severity="$sev")
  [[ -n $team ]] && labels+=(team="$team")
  if [[ $name == Watchdog ]]; then expected=deadmans-switch
  elif [[ $team == business ]]; then expected=business
  elif [[ $sev == page ]]; then expected=pager
  else expected=tickets
  fi
  route "$expected" "${labels[@]}"
done
# Policy edge cases.
route business alertname=NpsDropped severity=page team=business   # business never pages
route pager alertname=ServiceErrorBudgetBurn severity=page service=checkout
route tickets alertname=SomethingNew                           # no severity: not dropped
route tickets alertname=SomethingNew severity=warning

# ---------------------------------------------------------------------------
section "Alertmanager inhibition (live)"
AM_BIN=$(command -v prometheus-alertmanager || command -v alertmanager || true)
if [[ -z $AM_BIN ]]; then
  echo "    alertmanager binary not installed: inhibition is checked by config only"
else
  am_dir=$(mktemp -d)
  am_port=$((20000 + RANDOM % 20000))
  am_url="http://127.0.0.1:$am_port"
  "$AM_BIN" --config.file="$AM_CONFIG" --storage.path="$am_dir" \
    --web.listen-address="127.0.0.1:$am_port" --cluster.listen-address= \
    >"$am_dir/log" 2>&1 &
  am_pid=$!
  # shellcheck disable=SC2064
  trap "kill $am_pid 2>/dev/null || true; wait $am_pid 2>/dev/null || true; rm -rf '$am_dir'" EXIT
  ready=0
  for _ in $(seq 1 50); do
    if amtool --alertmanager.url="$am_url" config show >/dev/null 2>&1; then ready=1; break; fi
    sleep 0.2
  done
  if [[ $ready -ne 1 ]]; then
    sed 's/^/    /' "$am_dir/log"
    fail "alertmanager did not start on $am_url"
  else
    add() { amtool --alertmanager.url="$am_url" alert add "$@" >/dev/null; }
    add alertname=ProbeErrorBudgetBurn severity=page probe=web
    add alertname=ProbeErrorBudgetBurn severity=ticket probe=web
    add alertname=ProbeErrorBudgetBurn severity=ticket probe=api
    add alertname=DatasourceDown severity=ticket source=billing job=exporter
    add alertname=KpiQueryFailing severity=ticket source=billing kpi=kpi_mrr job=exporter
    add alertname=KpiQueryFailing severity=ticket source=app kpi=kpi_nps job=exporter
    inhibited() {  # inhibited yes|no label=value...  (exactly one alert matches)
      local want=$1; shift
      local muted active got=unclear
      # `alert query --inhibited` lists only inhibited alerts; the default only active
      # ones. The inhibitor catches up asynchronously: poll for up to 5 seconds.
      for _ in $(seq 1 25); do
        muted=$(amtool --alertmanager.url="$am_url" alert query --inhibited -o simple "$@" | tail -n +2 | grep -c . || true)
        active=$(amtool --alertmanager.url="$am_url" alert query -o simple "$@" | tail -n +2 | grep -c . || true)
        got=unclear
        if [[ $muted -eq 1 && $active -eq 0 ]]; then got=yes; elif [[ $muted -eq 0 && $active -eq 1 ]]; then got=no; fi
        [[ $got == "$want" ]] && break
        sleep 0.2
      done
      if [[ $got == "$want" ]]; then
        pass "inhibited=$want: $*"
      else
        fail "inhibited=$want: $* (inhibited: $muted, active: $active)"
      fi
    }
    inhibited yes alertname=ProbeErrorBudgetBurn severity=ticket probe=web   # page of same probe fires
    inhibited no alertname=ProbeErrorBudgetBurn severity=ticket probe=api    # no page for this probe
    inhibited no alertname=ProbeErrorBudgetBurn severity=page probe=web
    inhibited yes alertname=KpiQueryFailing source=billing                   # its datasource is down
    inhibited no alertname=KpiQueryFailing source=app
    # A timeout outage: the availability page of a target mutes its latency page.
    add alertname=ServiceErrorBudgetBurn severity=page service=checkout
    add alertname=ServiceLatencyBudgetBurn severity=page service=checkout
    add alertname=ServiceLatencyBudgetBurn severity=page service=search
    add alertname=ProbeLatencyBudgetBurn severity=page probe=web
    add alertname=ProbeLatencyBudgetBurn severity=page probe=api
    inhibited yes alertname=ServiceLatencyBudgetBurn service=checkout        # its availability page fires
    inhibited no alertname=ServiceLatencyBudgetBurn service=search           # another service
    inhibited yes alertname=ProbeLatencyBudgetBurn probe=web                 # ProbeErrorBudgetBurn page for web
    inhibited no alertname=ProbeLatencyBudgetBurn probe=api
    inhibited no alertname=ServiceErrorBudgetBurn severity=page service=checkout
    # Every SLI goes missing with the exporter: ExporterDown explains them.
    add alertname=SliMissing severity=ticket probe=web
    inhibited no alertname=SliMissing probe=web
    add alertname=ExporterDown severity=page job=exporter
    inhibited yes alertname=SliMissing probe=web
    # A cluster: one replica down mutes that replica's KPI alerts, not the others'.
    add alertname=KpiStale severity=ticket source=app kpi=kpi_nps job=exporter instance=exporter-1:9187
    add alertname=KpiStale severity=ticket source=app kpi=kpi_nps job=exporter instance=exporter-2:9187
    add alertname=ExporterDown severity=page job=exporter instance=exporter-2:9187
    inhibited yes alertname=KpiStale instance=exporter-2:9187
    inhibited no alertname=KpiStale instance=exporter-1:9187
  fi
  kill "$am_pid" 2>/dev/null || true
  wait "$am_pid" 2>/dev/null || true
  rm -rf "$am_dir"
  trap - EXIT
fi

# ---------------------------------------------------------------------------
section "Summary"
if [[ ${#failures[@]} -eq 0 ]]; then
  printf '%sAll prometheus/ checks passed.%s\n' "$GREEN" "$RESET"
  exit 0
fi
printf '%s%d check(s) failed:%s\n' "$RED" "${#failures[@]}" "$RESET"
printf '  - %s\n' "${failures[@]}"
exit 1
