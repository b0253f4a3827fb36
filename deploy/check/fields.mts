// Unknown fields: the OpenAPI schemas accept any extra key, so a misspelt `timeoutSecond` or `readinessProb`
// would be silently dropped by the API server. The models' TypeScript interfaces are exact, so each manifest is
// type-checked as an object literal of its interface: TypeScript's excess property check names every unknown key.
import ts from "typescript";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

interface Manifest { file: string; obj: Record<string, unknown> }

const interfaces: Record<string, [module: string, type: string]> = {
  "v1/ConfigMap": ["kubernetes-models/v1/ConfigMap", "IConfigMap"],
  "v1/Secret": ["kubernetes-models/v1/Secret", "ISecret"],
  "v1/Service": ["kubernetes-models/v1/Service", "IService"],
  "apps/v1/Deployment": ["kubernetes-models/apps/v1/Deployment", "IDeployment"],
  "policy/v1/PodDisruptionBudget": ["kubernetes-models/policy/v1/PodDisruptionBudget", "IPodDisruptionBudget"],
  "monitoring.coreos.com/v1/PodMonitor": ["@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor", "IPodMonitor"],
};

// TS2353 / TS2561: "Object literal may only specify known properties, [and|but] 'x' does not exist in type 'T'".
const excessProperty = new Set([2353, 2561]);

/** "unknown field timeoutSecond in a Probe" from TypeScript's message about IProbe. */
function unknown(message: string): string {
  const m = /'"?([^'"]+)"?' does not exist in type '([^']+)'/.exec(message);
  return m === null ? `unknown field: ${message}` : `unknown field ${m[1]} in a ${m[2].replace(/^I(IoK8s\w+?V\d\w*?(?=[A-Z][a-z]))?/, "")}`;
}

export function unknownFields(manifests: Manifest[]): string[] {
  // A virtual module next to this one, so that node_modules resolves as for the check itself.
  const path = join(dirname(fileURLToPath(import.meta.url)), "manifests-as-literals.mts");
  const lines = Object.values(interfaces).map(([module, type]) => `import type { ${type} } from "${module}";`);
  const header = lines.length;
  // One manifest per line: a diagnostic's line says which manifest it is about.
  for (const [i, m] of manifests.entries())
    lines.push(`export const m${i}: ${interfaces[`${m.obj.apiVersion}/${m.obj.kind}`][1]} = ${JSON.stringify(m.obj)};`);
  const options: ts.CompilerOptions = {
    strict: true, noEmit: true, types: [], skipLibCheck: true,
    target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16,
  };
  const host = ts.createCompilerHost(options);
  const source = ts.createSourceFile(path, lines.join("\n"), ts.ScriptTarget.ES2022, true);
  const { getSourceFile, fileExists } = host;
  host.getSourceFile = (name, ...rest) => (name === path ? source : getSourceFile.call(host, name, ...rest));
  host.fileExists = (name) => name === path || fileExists.call(host, name);
  const program = ts.createProgram([path], options, host);
  const errors: string[] = [];
  for (const d of program.getSemanticDiagnostics(source)) {
    const message = ts.flattenDiagnosticMessageText(d.messageText, " ");
    const line = d.start === undefined ? -1 : source.getLineAndCharacterOfPosition(d.start).line - header;
    const m = manifests[line];
    if (m === undefined) errors.push(`type check of the manifests: ${message}`);
    else if (excessProperty.has(d.code)) errors.push(`${m.file}: ${m.obj.kind} ${(m.obj.metadata as { name?: string })?.name}: ${unknown(message)}`);
  }
  return errors;
}
