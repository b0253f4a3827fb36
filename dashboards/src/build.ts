// Writes every board to dashboards/<file>.json (committed: Grafana provisions those files).
// Run: npm run build. `npm run build -- DIR` writes to DIR instead: the test command builds into a
// temporary folder and fails when the files differ from the committed ones.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { boards } from './boards/index';

const outDir = process.argv[2] ? resolve(process.argv[2]) : join(__dirname, '..', '..', 'dashboards');
mkdirSync(outDir, { recursive: true });
for (const [file, builder] of Object.entries(boards)) {
  writeFileSync(join(outDir, file), JSON.stringify(builder.build(), null, 2) + '\n');
  console.log(`wrote ${join(outDir, file)}`);
}
