// Offline check of deploy/kubernetes/: every document against the Kubernetes (and Prometheus Operator) OpenAPI
// schemas, then the invariants a schema cannot see: objects that must point at each other, probes, security,
// and that no password is written down. No cluster and no kubectl needed.
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join, posix } from "node:path";
import { parse, parseAllDocuments } from "yaml";
import { ConfigMap, Secret, Service } from "kubernetes-models/v1";
import { Deployment } from "kubernetes-models/apps/v1";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1";
import { PodMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1";
import { unknownFields } from "./fields.mjs";

type Obj = Record<string, any>;

export interface Manifest { file: string; obj: Obj }

const models: Record<string, new (data: any) => { validate(): void }> = {
  "v1/ConfigMap": ConfigMap,
  "v1/Secret": Secret,
  "v1/Service": Service,
  "apps/v1/Deployment": Deployment,
  "policy/v1/PodDisruptionBudget": PodDisruptionBudget,
  "monitoring.coreos.com/v1/PodMonitor": PodMonitor,
};

// The Dockerfile's CMD, used when the container gives no args.
const defaultConfigPath = "/etc/exporter/exporter.yaml";
// What a Secret manifest kept in the repository may hold.
const placeholder = /^(CHANGE-?ME|<[^>]*>|\.\.\.)$/i;
// Env var names that must come from a Secret, never a literal `value`.
const secretName = /PASSWORD|SECRET|TOKEN|CREDENTIAL|API_?KEY/i;
// MiB measured for one replica of the image's NativeAOT executable (bench/README.md: about 50 MB idle, 58-66 MB at
// 10,000 series): requests below it would let the scheduler overcommit the node.
const minMemoryRequestMi = 64;

const name = (m: Manifest) => `${m.file}: ${m.obj.kind} ${m.obj.metadata?.name ?? "(no name)"}`;

/** Reads every YAML document of the folder; returns them and the problems met (syntax, schema). */
export function load(dir: string): { manifests: Manifest[]; kustomization?: Obj; errors: string[] } {
  const errors: string[] = [];
  const manifests: Manifest[] = [];
  let kustomization: Obj | undefined;
  for (const file of readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort()) {
    for (const doc of parseAllDocuments(readFileSync(join(dir, file), "utf8"))) {
      if (doc.errors.length > 0) {
        errors.push(...doc.errors.map((e) => `${file}: ${e.message.split("\n")[0].replace(/:$/, "")}`));
        continue;
      }
      const obj = doc.toJS() as Obj | null;
      if (obj === null) continue;
      if (obj.kind === "Kustomization") { kustomization = obj; continue; }
      const model = models[`${obj.apiVersion}/${obj.kind}`];
      if (model === undefined) { errors.push(`${file}: no schema for ${obj.apiVersion} ${obj.kind}`); continue; }
      try {
        new model(obj).validate();
      } catch (e) {
        errors.push(`${file}: ${obj.kind} ${obj.metadata?.name}: schema: ${(e as Error).message}`);
        continue;
      }
      manifests.push({ file, obj });
    }
  }
  return { manifests, kustomization, errors };
}

/** Every problem of the folder's manifests, as "file: Kind name: message" lines; empty when all is well. */
export function check(dir: string): string[] {
  const { manifests, kustomization, errors } = load(dir);
  // The invariants below need every document: syntax and schema first.
  if (errors.length > 0) return errors;
  errors.push(...unknownFields(manifests));
  const of = (kind: string) => manifests.filter((m) => m.obj.kind === kind);
  const deployments = of("Deployment");
  if (deployments.length !== 1) return [...errors, `expected exactly one Deployment, found ${deployments.length}`];
  for (const kind of ["Service", "PodDisruptionBudget", "PodMonitor", "ConfigMap", "Secret"])
    if (of(kind).length === 0) errors.push(`no ${kind} manifest`);

  const deployment = deployments[0];
  const d = name(deployment);
  const spec = deployment.obj.spec;
  const pod = spec.template.spec;
  const podLabels: Obj = spec.template.metadata?.labels ?? {};
  const ports = new Map<string | number, number>();
  for (const c of pod.containers) for (const p of c.ports ?? []) { ports.set(p.containerPort, p.containerPort); if (p.name) ports.set(p.name, p.containerPort); }

  if ((spec.replicas ?? 1) < 2) errors.push(`${d}: replicas is ${spec.replicas ?? 1}; a cluster needs at least 2`);
  errors.push(...selects(d, "spec.selector", spec.selector, podLabels));
  if (!spreadsOverNodes(pod, podLabels))
    errors.push(`${d}: no topologySpreadConstraint on kubernetes.io/hostname with DoNotSchedule (or required podAntiAffinity) keeps the replicas on different nodes`);
  if (pod.securityContext?.runAsNonRoot !== true && !pod.containers.every((c: Obj) => c.securityContext?.runAsNonRoot === true))
    errors.push(`${d}: runAsNonRoot must be true`);

  const secrets = new Map(of("Secret").map((s) => [s.obj.metadata.name, s]));
  for (const c of pod.containers) {
    const where = `${d}: container ${c.name}`;
    errors.push(...probe(where, "readinessProbe", c.readinessProbe, "/readyz", ports));
    errors.push(...probe(where, "livenessProbe", c.livenessProbe, "/healthz", ports));
    const sc = c.securityContext ?? {};
    if (sc.allowPrivilegeEscalation !== false) errors.push(`${where}: securityContext.allowPrivilegeEscalation must be false`);
    if (sc.readOnlyRootFilesystem !== true) errors.push(`${where}: securityContext.readOnlyRootFilesystem must be true`);
    if (sc.privileged === true) errors.push(`${where}: securityContext.privileged must not be true`);
    if (!(sc.capabilities?.drop ?? []).includes("ALL")) errors.push(`${where}: securityContext.capabilities.drop must include ALL`);
    const res = c.resources ?? {};
    for (const key of ["requests.cpu", "requests.memory", "limits.memory"]) {
      const [group, resource] = key.split(".");
      if (res[group]?.[resource] === undefined) errors.push(`${where}: resources.${key} is missing`);
    }
    const request = mebibytes(res.requests?.memory), limit = mebibytes(res.limits?.memory);
    if (request !== undefined && request < minMemoryRequestMi)
      errors.push(`${where}: resources.requests.memory ${res.requests.memory} is below the measured RSS (${minMemoryRequestMi}Mi)`);
    if (request !== undefined && limit !== undefined && limit < request)
      errors.push(`${where}: resources.limits.memory ${res.limits.memory} is below the request ${res.requests.memory}`);
    for (const e of c.env ?? []) {
      if (secretName.test(e.name) && e.valueFrom?.secretKeyRef === undefined)
        errors.push(`${where}: env ${e.name} must come from a Secret (valueFrom.secretKeyRef), not a literal value`);
      const ref = e.valueFrom?.secretKeyRef;
      if (ref !== undefined) {
        const secret = secrets.get(ref.name);
        const keys = { ...secret?.obj.data, ...secret?.obj.stringData };
        if (secret === undefined) errors.push(`${where}: env ${e.name} reads Secret ${ref.name}, which no manifest describes`);
        else if (!(ref.key in keys)) errors.push(`${where}: env ${e.name} reads key ${ref.key}, which Secret ${ref.name} does not have`);
      }
    }
  }
  errors.push(...checkConfig(deployment, of("ConfigMap")));

  for (const s of of("Secret")) {
    for (const [key, value] of Object.entries({ ...s.obj.stringData }))
      if (!placeholder.test(String(value))) errors.push(`${name(s)}: stringData.${key} is not a placeholder (CHANGE-ME): never commit a real secret`);
    if (Object.keys(s.obj.data ?? {}).length > 0) errors.push(`${name(s)}: data must be empty (placeholders go in stringData)`);
  }
  for (const s of of("Service")) {
    errors.push(...selects(name(s), "spec.selector", { matchLabels: s.obj.spec.selector }, podLabels));
    for (const p of s.obj.spec.ports ?? [])
      if (!ports.has(p.targetPort ?? p.port)) errors.push(`${name(s)}: port ${p.name ?? p.port} targets ${p.targetPort ?? p.port}, which is no container port`);
  }
  for (const p of of("PodDisruptionBudget")) {
    errors.push(...selects(name(p), "spec.selector", p.obj.spec.selector, podLabels));
    const min = p.obj.spec.minAvailable;
    if (typeof min !== "number" || min < 1 || min >= (spec.replicas ?? 1))
      errors.push(`${name(p)}: minAvailable must be a number from 1 to replicas - 1 (is ${min ?? "unset"}), or drains would either evict every replica or none`);
  }
  for (const m of of("PodMonitor")) {
    errors.push(...selects(name(m), "spec.selector", m.obj.spec.selector, podLabels));
    for (const ep of m.obj.spec.podMetricsEndpoints ?? []) {
      if (!ports.has(ep.port)) errors.push(`${name(m)}: podMetricsEndpoints port ${ep.port} is no container port name`);
      if ((ep.path ?? "/metrics") !== "/metrics") errors.push(`${name(m)}: podMetricsEndpoints path must be /metrics (is ${ep.path})`);
    }
    const job = m.obj.spec.jobLabel;
    if (job === undefined || podLabels[job] !== "exporter")
      errors.push(`${name(m)}: jobLabel must name a pod label whose value is "exporter" (the job the alert rules and boards use)`);
  }
  if (kustomization !== undefined) errors.push(...checkKustomization(dir, kustomization, manifests));
  return errors;
}

/** The exporter config the Deployment mounts (and the env names it gets), for `exporter validate`. */
export function mountedConfig(dir: string): { config: string; env: Map<string, string> } {
  const { manifests } = load(dir);
  const deployment = manifests.find((m) => m.obj.kind === "Deployment");
  if (deployment === undefined) throw new Error("no Deployment");
  const found = findConfig(deployment, manifests.filter((m) => m.obj.kind === "ConfigMap"));
  if (typeof found === "string") throw new Error(found);
  return { config: found.text, env: new Map(found.container.env?.map((e: Obj) => [e.name, e.value ?? `dummy-${e.name.toLowerCase().replace(/_/g, "-")}`])) };
}

function findConfig(deployment: Manifest, configMaps: Manifest[]): { text: string; container: Obj } | string {
  const d = name(deployment);
  const pod = deployment.obj.spec.template.spec;
  const container = pod.containers[0];
  const args: string[] = container.args ?? [];
  const at = args.indexOf("--config");
  const path = at >= 0 ? args[at + 1] : defaultConfigPath;
  const mount = (container.volumeMounts ?? []).find((v: Obj) => v.mountPath === posix.dirname(path));
  const volume = (pod.volumes ?? []).find((v: Obj) => v.name === mount?.name);
  if (volume?.configMap === undefined) return `${d}: no ConfigMap volume is mounted at ${posix.dirname(path)} (the --config file ${path})`;
  const configMap = configMaps.find((c) => c.obj.metadata.name === volume.configMap.name);
  const key = posix.basename(path);
  if (configMap === undefined) return `${d}: volume ${volume.name} names ConfigMap ${volume.configMap.name}, which no manifest describes`;
  if (typeof configMap.obj.data?.[key] !== "string") return `${name(configMap)}: no data key ${key} (the --config file ${path})`;
  return { text: configMap.obj.data[key], container };
}

function checkConfig(deployment: Manifest, configMaps: Manifest[]): string[] {
  const found = findConfig(deployment, configMaps);
  if (typeof found === "string") return [found];
  const where = `${name(deployment)}: config`;
  const errors: string[] = [];
  const env: Obj[] = found.container.env ?? [];
  const envNames = new Set(env.map((e) => e.name));
  // ${NAME} is expanded from the environment; $${NAME} is a literal.
  for (const [, variable] of found.text.replace(/\$\$\{/g, "").matchAll(/\$\{([^}]*)\}/g))
    if (!envNames.has(variable)) errors.push(`${where}: \${${variable}} is not an env var of container ${found.container.name}`);
  for (const [match, value] of found.text.matchAll(/(?:password|pwd)\s*[=:]\s*"?([^;"\s]*)/gi))
    if (!value.startsWith("${")) errors.push(`${where}: literal secret "${match}": use \${NAME} from a secretKeyRef env var`);
  let config: Obj;
  try {
    config = parse(found.text) as Obj;
  } catch (e) {
    return [...errors, `${where}: not YAML: ${(e as Error).message.split("\n")[0]}`];
  }
  if (typeof config?.cluster?.connection_string !== "string") errors.push(`${where}: no cluster.connection_string: the replicas would each run every KPI`);
  const instance = /^\$\{([^}]*)\}$/.exec(String(config?.cluster?.instance_id ?? ""))?.[1];
  const podName = env.find((e) => e.name === instance)?.valueFrom?.fieldRef?.fieldPath === "metadata.name";
  if (config?.cluster !== undefined && !podName)
    errors.push(`${where}: cluster.instance_id must be \${VAR} with VAR the pod's name (env valueFrom.fieldRef.fieldPath: metadata.name)`);
  return errors;
}

function probe(where: string, kind: string, p: Obj | undefined, path: string, ports: Map<string | number, number>): string[] {
  if (p?.httpGet === undefined) return [`${where}: ${kind} must be an httpGet of ${path}`];
  const errors: string[] = [];
  if (p.httpGet.path !== path) errors.push(`${where}: ${kind} must GET ${path} (is ${p.httpGet.path})`);
  if (!ports.has(p.httpGet.port)) errors.push(`${where}: ${kind} port ${p.httpGet.port} is no container port`);
  return errors;
}

function selects(where: string, field: string, selector: Obj | undefined, labels: Obj): string[] {
  const match: Obj = selector?.matchLabels ?? {};
  if (selector?.matchExpressions !== undefined) return [`${where}: ${field} uses matchExpressions; this check reads matchLabels only`];
  if (Object.keys(match).length === 0) return [`${where}: ${field} is empty (it would select every pod of the namespace)`];
  const wrong = Object.entries(match).filter(([k, v]) => labels[k] !== v).map(([k, v]) => `${k}=${v}`);
  return wrong.length === 0 ? [] : [`${where}: ${field} does not select the Deployment's pods (${wrong.join(", ")} not on them)`];
}

function spreadsOverNodes(pod: Obj, labels: Obj): boolean {
  const host = "kubernetes.io/hostname";
  const spread = (pod.topologySpreadConstraints ?? []).some((t: Obj) =>
    t.topologyKey === host && t.whenUnsatisfiable === "DoNotSchedule" && selects("", "", t.labelSelector, labels).length === 0);
  const anti = (pod.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).some((t: Obj) =>
    t.topologyKey === host && selects("", "", t.labelSelector, labels).length === 0);
  return spread || anti;
}

function mebibytes(quantity: string | number | undefined): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|k|M|G)?$/.exec(String(quantity ?? ""));
  if (m === null) return undefined;
  const unit: Record<string, number> = { "": 1 / 2 ** 20, Ki: 1 / 1024, Mi: 1, Gi: 1024, k: 1e3 / 2 ** 20, M: 1e6 / 2 ** 20, G: 1e9 / 2 ** 20 };
  return Number(m[1]) * unit[m[2] ?? ""];
}

function checkKustomization(dir: string, k: Obj, manifests: Manifest[]): string[] {
  const errors: string[] = [];
  const resources: string[] = k.resources ?? [];
  for (const r of resources) if (!existsSync(join(dir, r))) errors.push(`kustomization.yaml: resource ${r} does not exist`);
  for (const m of manifests) {
    const listed = resources.includes(m.file);
    if (m.obj.kind === "Secret" && listed) errors.push(`kustomization.yaml: lists ${m.file}: applying it would overwrite the real Secret with placeholders`);
    if (m.obj.kind !== "Secret" && !listed) errors.push(`kustomization.yaml: does not list ${m.file}`);
  }
  const images = new Set((k.images ?? []).map((i: Obj) => i.name));
  for (const m of manifests.filter((m) => m.obj.kind === "Deployment"))
    for (const c of m.obj.spec.template.spec.containers)
      if (!images.has(c.image)) errors.push(`kustomization.yaml: images has no entry for ${c.image} (the image to deploy)`);
  return errors;
}
