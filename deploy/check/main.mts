// node .tmp/deploy/main.mjs DIR                 check the manifests of DIR; exit 1 with one line per problem
// node .tmp/deploy/main.mjs DIR --extract OUT   also write the mounted exporter config to OUT/exporter.yaml and
//                                              its env vars (dummy values for secrets) to OUT/env, for `validate`
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { check, mountedConfig } from "./manifests.mjs";

const [dir, option, out] = process.argv.slice(2);
if (dir === undefined || (option !== undefined && (option !== "--extract" || out === undefined))) {
  console.error("usage: main.mjs DIR [--extract OUT]");
  process.exit(2);
}
const problems = check(dir);
for (const p of problems) console.error(`${dir}/${p}`);
if (problems.length > 0) {
  console.error(`${problems.length} problem(s) in ${dir}`);
  process.exit(1);
}
console.log(`${dir}: every manifest valid`);
if (option === "--extract") {
  const { config, env } = mountedConfig(dir);
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, "exporter.yaml"), config);
  writeFileSync(join(out, "env"), [...env].map(([k, v]) => `${k}=${v}\n`).join(""));
}
