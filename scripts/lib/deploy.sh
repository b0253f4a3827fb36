# Deployment checks for scripts/test.sh, all offline (no Kubernetes cluster, no Docker engine): the Kubernetes
# manifests (schemas + invariants, deploy/check/), the exporter configs they and the compose cluster profile
# carry (`exporter validate`), and docker-compose's cluster profile. Source it; functions only.
# check_deploy sets deploy_passed and deploy_failed (one per check, one per node test).

deploy_step() {  # COMMAND...: runs it, counts it
  if "$@"; then deploy_passed=$((deploy_passed + 1)); else deploy_failed=$((deploy_failed + 1)); echo "FAILED: $*" >&2; fi
}

# `exporter validate` of FILE with the env vars listed in ENV_FILE (NAME=value lines, dummy secrets).
validate_config() {  # FILE ENV_FILE
  local vars
  mapfile -t vars <"$2"
  env "${vars[@]}" dotnet run --no-build --project src/Exporter -- validate --config "$(realpath "$1")"
}

check_deploy() {
  local work status=0 tap
  deploy_passed=0; deploy_failed=0
  work=$(mktemp -d)
  [ -d node_modules/kubernetes-models ] || npm ci --no-audit --no-fund --loglevel=error || status=1
  if [ "$status" -eq 0 ] && npm run --silent deploy:build; then
    # Node's test runner (TAP): every broken-manifest case must fail with its exact message.
    tap=$(node --test --test-reporter=tap .tmp/deploy/ 2>&1) || true
    grep '^not ok' -A12 <<<"$tap" >&2 || true
    deploy_passed=$(grep -oP '^# pass \K\d+' <<<"$tap" || echo 0)
    deploy_failed=$(grep -oP '^# fail \K\d+' <<<"$tap" || echo 1)
    echo "node tests of the manifest check: $deploy_passed ok, $deploy_failed not ok"
    deploy_step node .tmp/deploy/main.mjs deploy/kubernetes --extract "$work/kubernetes"
  else
    deploy_failed=$((deploy_failed + 1))
  fi
  # The ConfigMap's exporter config, with the Deployment's env var names (dummy values).
  if [ -f "$work/kubernetes/exporter.yaml" ]; then
    deploy_step validate_config "$work/kubernetes/exporter.yaml" "$work/kubernetes/env"
  else
    deploy_failed=$((deploy_failed + 1))
  fi
  # The compose cluster profile's config, with exporter-1's environment as compose resolves it.
  deploy_step docker-compose --profile cluster config -q
  if docker-compose --profile cluster config >"$work/compose.yml" &&
    node -e 'const env = require("yaml").parse(require("fs").readFileSync(process.argv[1], "utf8")).services["exporter-1"].environment;
             for (const [k, v] of Object.entries(env)) console.log(`${k}=${v}`);' "$work/compose.yml" >"$work/compose.env"; then
    deploy_step validate_config deploy/exporter-cluster.yaml "$work/compose.env"
  else
    deploy_failed=$((deploy_failed + 1))
  fi
  rm -rf "$work"
  [ "$deploy_failed" -eq 0 ]
}
