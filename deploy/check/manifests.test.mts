// The check must fail on a broken manifest: each test breaks one thing in a copy of deploy/kubernetes and expects
// exactly the problem it introduced. Run from the repository root (node --test .tmp/deploy/).
import { test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { check } from "./manifests.mjs";

const source = "deploy/kubernetes";

/** check() of a copy of the manifests where `file` had `from` replaced by `to` (which must occur). */
function broken(file: string, from: string | RegExp, to: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), "exporter-k8s-"));
  try {
    cpSync(source, dir, { recursive: true });
    const text = readFileSync(join(dir, file), "utf8");
    const changed = text.replace(from, to);
    assert.notEqual(changed, text, `${file} does not contain ${from}: the test would break nothing`);
    writeFileSync(join(dir, file), changed);
    return check(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const d = "deployment.yaml: Deployment exporter";
const container = `${d}: container exporter`;

test("the repository's manifests pass", () => assert.deepEqual(check(source), []));

const cases: [string, string, string | RegExp, string, string[]][] = [
  ["schema: replicas not an integer", "deployment.yaml", "replicas: 2", 'replicas: "two"',
    [`${d}: schema: data/spec/replicas must be integer`]],
  ["a YAML syntax error", "service.yaml", "targetPort: metrics", 'targetPort: "metrics',
    ["service.yaml: Missing closing \"quote at line 20, column 1"]],
  ["a misspelt field", "deployment.yaml", "timeoutSeconds: 2", "timeoutSecond: 2",
    [`${d}: unknown field timeoutSecond in a Probe`]],
  ["a field at the wrong level", "service.yaml", "  type: ClusterIP\n", "  type: ClusterIP\n  publishNotReadyAddress: true\n",
    ["service.yaml: Service exporter: unknown field publishNotReadyAddress in a ServiceSpec"]],
  ["a single replica", "deployment.yaml", "replicas: 2", "replicas: 1",
    [`${d}: replicas is 1; a cluster needs at least 2`,
      "poddisruptionbudget.yaml: PodDisruptionBudget exporter: minAvailable must be a number from 1 to replicas - 1 (is 1), or drains would either evict every replica or none"]],
  ["readiness on /healthz", "deployment.yaml", "path: /readyz", "path: /healthz",
    [`${container}: readinessProbe must GET /readyz (is /healthz)`]],
  ["liveness on an unknown port", "deployment.yaml", /(path: \/healthz\n\s+port: )metrics/, "$1http",
    [`${container}: livenessProbe port http is no container port`]],
  ["the PDB selects other pods", "poddisruptionbudget.yaml", /(matchLabels:\n.*\n\s+app.kubernetes.io\/instance: )exporter/, "$1other",
    ["poddisruptionbudget.yaml: PodDisruptionBudget exporter: spec.selector does not select the Deployment's pods (app.kubernetes.io/instance=other not on them)"]],
  ["the Service targets a missing port", "service.yaml", "targetPort: metrics", "targetPort: web",
    ["service.yaml: Service exporter: port metrics targets web, which is no container port"]],
  ["the PodMonitor names a missing port", "podmonitor.yaml", "- port: metrics", "- port: http-metrics",
    ["podmonitor.yaml: PodMonitor exporter: podMetricsEndpoints port http-metrics is no container port name"]],
  ["a ${VAR} the container lacks", "configmap.yaml", "${APP_DB_PASSWORD}", "${APP_PASSWORD}",
    [`${d}: config: \${APP_PASSWORD} is not an env var of container exporter`]],
  ["a literal password in the ConfigMap", "configmap.yaml", "Password=${APP_DB_PASSWORD}", "Password=hunter2",
    [`${d}: config: literal secret "Password=hunter2": use \${NAME} from a secretKeyRef env var`]],
  ["a password as a literal env value", "deployment.yaml", /(name: APP_DB_PASSWORD\n\s+)valueFrom:\n\s+secretKeyRef:\n\s+name: exporter-secrets\n\s+key: APP_DB_PASSWORD/, '$1value: "hunter2"',
    [`${container}: env APP_DB_PASSWORD must come from a Secret (valueFrom.secretKeyRef), not a literal value`]],
  ["a real value in the Secret manifest", "secret.example.yaml", "APP_DB_PASSWORD: CHANGE-ME", "APP_DB_PASSWORD: s3cret",
    ["secret.example.yaml: Secret exporter-secrets: stringData.APP_DB_PASSWORD is not a placeholder (CHANGE-ME): never commit a real secret"]],
  ["a secretKeyRef to a missing key", "secret.example.yaml", "  STATE_DB_PASSWORD: CHANGE-ME", "  STATE_PASSWORD: CHANGE-ME",
    [`${container}: env STATE_DB_PASSWORD reads key STATE_DB_PASSWORD, which Secret exporter-secrets does not have`]],
  ["instance_id not the pod name", "configmap.yaml", 'instance_id: "${POD_NAME}"', 'instance_id: "exporter"',
    [`${d}: config: cluster.instance_id must be \${VAR} with VAR the pod's name (env valueFrom.fieldRef.fieldPath: metadata.name)`]],
  ["no cluster section", "configmap.yaml", /\n    cluster:\n(      .*\n)+/, "\n",
    [`${d}: config: no cluster.connection_string: the replicas would each run every KPI`]],
  ["a writable root file system", "deployment.yaml", "readOnlyRootFilesystem: true", "readOnlyRootFilesystem: false",
    [`${container}: securityContext.readOnlyRootFilesystem must be true`]],
  ["capabilities kept", "deployment.yaml", "drop: [ALL]", "drop: [NET_RAW]",
    [`${container}: securityContext.capabilities.drop must include ALL`]],
  ["memory request below the measured RSS", "deployment.yaml", "memory: 96Mi", "memory: 48Mi",
    [`${container}: resources.requests.memory 48Mi is below the measured RSS (64Mi)`]],
  ["replicas allowed on one node", "deployment.yaml", "whenUnsatisfiable: DoNotSchedule", "whenUnsatisfiable: ScheduleAnyway",
    [`${d}: no topologySpreadConstraint on kubernetes.io/hostname with DoNotSchedule (or required podAntiAffinity) keeps the replicas on different nodes`]],
  ["the config mounted elsewhere", "deployment.yaml", "mountPath: /etc/exporter\n", "mountPath: /config\n",
    [`${d}: no ConfigMap volume is mounted at /etc/exporter (the --config file /etc/exporter/exporter.yaml)`]],
  ["the PodMonitor's job is not exporter", "podmonitor.yaml", "jobLabel: app.kubernetes.io/name", "jobLabel: app.kubernetes.io/instance-x",
    ["podmonitor.yaml: PodMonitor exporter: jobLabel must name a pod label whose value is \"exporter\" (the job the alert rules and boards use)"]],
  ["the Secret applied by kustomize", "kustomization.yaml", "  - podmonitor.yaml\n", "  - podmonitor.yaml\n  - secret.example.yaml\n",
    ["kustomization.yaml: lists secret.example.yaml: applying it would overwrite the real Secret with placeholders"]],
];

for (const [title, file, from, to, expected] of cases)
  test(`fails on ${title}`, () => assert.deepEqual(broken(file, from, to), expected));
